import { selector } from './prometheus-queries';

describe('the selectors observe-slos sends', () => {
  it('sorts the labels and escapes every value as the rules escape it, control characters included', () => {
    expect(selector({ sloth_slo: 'a"b', sloth_service: 'du\tsite\r\n' })).toBe('{sloth_service="du\\tsite\\r\\n", sloth_slo="a\\"b"}');
  });
});
