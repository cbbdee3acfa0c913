/**
 * The name rules against cases of apimachinery's own tests (k8s.io/apimachinery/pkg/util/validation
 * validation_test.go), and the shortening of long names.
 */
import {
  conditionTypeProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  labelValueOf,
  labelValueProblem,
  qualifiedNameProblem,
  shortenedName,
} from './kubernetes-names';

const cases: Array<[string, (v: string) => string | undefined, string[], string[]]> = [
  [
    'IsDNS1123Label',
    dns1123LabelProblem,
    ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)],
    [
      '',
      'A',
      'ABC',
      'aBc',
      'A1',
      'A-1',
      '1-A',
      '-',
      'a-',
      '-a',
      '1-',
      '-1',
      '_',
      'a_',
      '_a',
      'a_b',
      '1_',
      '_1',
      '1_2',
      '.',
      'a.',
      '.a',
      'a.b',
      '1.',
      '.1',
      '1.2',
      ' ',
      'a ',
      ' a',
      'a b',
      '1 ',
      ' 1',
      '1 2',
      'a'.repeat(64),
    ],
  ],
  [
    'IsDNS1123Subdomain',
    dns1123SubdomainProblem,
    ['a', 'a.a', 'a-1.a--1--2--b', '0.a', '11.22.33', `${'a'.repeat(63)}.${'b'.repeat(63)}`, 'a'.repeat(253)],
    ['', 'A', 'a.', '.a', 'a..b', 'a-.b', 'a.-b', 'a_b', 'a/b', 'édge', 'a'.repeat(254)],
  ],
  [
    'IsValidLabelValue',
    labelValueProblem,
    ['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', 'A.B_C-d', 'a'.repeat(63), ''],
    ['nospecialchars%^=@', 'Tama-nui-te-rā.is_a_lot!', 'no/slash', '-leading', 'trailing-', '_leading', 'a'.repeat(64)],
  ],
  [
    'IsQualifiedName',
    qualifiedNameProblem,
    [
      'simple',
      'now-with-dashes',
      '1-starts-with-num',
      'with.dots',
      'prefix/name',
      'focom.nephio.org/provisioning-request',
      `p/${'a'.repeat(63)}`,
    ],
    ['', 'a/', '/a', 'a/b/c', 'nospecialchars%^=@', 'Prefix.Upper/name', '-leading', `p/${'a'.repeat(64)}`, `${'a'.repeat(254)}/n`],
  ],
  [
    'metav1.Condition type',
    conditionTypeProblem,
    ['Ready', `focom.nephio.org/v1alpha1.FocomProvisioningRequest.${'a'.repeat(253)}`],
    ['', 'a/b/c', 'has space', `focom.nephio.org/${'a'.repeat(300)}`],
  ],
];

describe.each(cases)('%s', (_rule, problem, valid, invalid) => {
  it.each(valid.map((v) => [v.length > 40 ? `${v.slice(0, 20)}... (${v.length})` : v, v]))('accepts %j', (_shown, value) => {
    expect(problem(value)).toBeUndefined();
  });
  it.each(invalid.map((v) => [v.length > 40 ? `${v.slice(0, 20)}... (${v.length})` : v, v]))('refuses %j', (_shown, value) => {
    expect(problem(value)).toEqual(expect.any(String));
  });
});

describe('shortened names', () => {
  it('leave a name that fits unchanged', () => {
    expect(labelValueOf('site-a')).toBe('site-a');
    expect(labelValueOf('a'.repeat(63))).toBe('a'.repeat(63));
  });

  it('cut a longer one to 52 characters ending alphanumeric, "-" and 10 hex of its sha256', () => {
    const long = `${'a'.repeat(51)}.-${'b'.repeat(20)}`;
    const short = labelValueOf(long);
    expect(short).toMatch(/^a{51}-[0-9a-f]{10}$/);
    expect(short).toBe(labelValueOf(long));
    expect(labelValueOf(`${long}c`)).not.toBe(short);
    expect(labelValueProblem(short)).toBeUndefined();
    expect(dns1123SubdomainProblem(short)).toBeUndefined();
  });

  it('fit any maximum', () => {
    for (const max of [11, 20, 63, 100]) expect(shortenedName('x'.repeat(300), max).length).toBeLessThanOrEqual(max);
  });
});
