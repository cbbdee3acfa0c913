import { compareCodePoints, compareRequests } from '.';

describe('compareCodePoints', () => {
  it('orders by code point, not by locale', () => {
    expect(['b', 'B', 'a', 'A', 'é', '-', '1'].sort(compareCodePoints)).toEqual(['-', '1', 'A', 'B', 'a', 'b', 'é']);
  });

  it('puts code points above U+FFFF after U+E000-U+FFFF, as UTF-8 byte order does', () => {
    const astral = '\u{1F600}';
    const privateUse = '\uE000';
    expect([astral, privateUse].sort(compareCodePoints)).toEqual([privateUse, astral]);
    const utf8 = (s: string) => Buffer.from(s, 'utf8');
    expect(Math.sign(Buffer.compare(utf8(privateUse), utf8(astral)))).toBe(Math.sign(compareCodePoints(privateUse, astral)));
  });

  it('puts a prefix first', () => {
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('abc', 'abc')).toBe(0);
  });
});

describe('compareRequests', () => {
  it('orders by namespace, then name', () => {
    const requests = [
      { namespace: 'a-b', name: 'c' },
      { namespace: 'a', name: 'z' },
      { namespace: 'a', name: 'b' },
      { namespace: '', name: 'x' },
    ];
    expect(requests.sort(compareRequests)).toEqual([
      { namespace: '', name: 'x' },
      { namespace: 'a', name: 'b' },
      { namespace: 'a', name: 'z' },
      { namespace: 'a-b', name: 'c' },
    ]);
  });
});
