import { parseArgs } from './args';

function problems(argv: string[]): string[] {
  const parsed = parseArgs(argv);
  if (parsed.ok) throw new Error(`expected problems, got ${JSON.stringify(parsed.value)}`);
  return parsed.reason.split('\n');
}

describe('observe-slos parseArgs', () => {
  it('reads every option, = form included; --canary repeats', () => {
    const parsed = parseArgs([
      'pkg',
      '--prometheus=http://prometheus:9090',
      '--token-env',
      'TOKEN',
      '--timeout',
      '1m',
      '--canary',
      'a',
      '--canary=b',
      '--delivered',
      'd',
    ]);
    expect(parsed).toEqual({
      ok: true,
      value: {
        packageDir: 'pkg',
        prometheus: new URL('http://prometheus:9090'),
        tokenEnv: 'TOKEN',
        timeoutMs: 60_000,
        canaries: ['a', 'b'],
        deliveredDir: 'd',
      },
    });
  });

  it('defaults to a 10 s timeout and no canaries', () => {
    expect(parseArgs(['pkg', '--prometheus', 'https://p'])).toMatchObject({ ok: true, value: { timeoutMs: 10_000, canaries: [] } });
  });

  it('reports unknown options, missing values and bad values all at once', () => {
    expect(problems(['-x', '--frob=1', '--timeout=', '--prometheus', 'ftp://p', 'a', 'b', '--delivered=', '--token-file'])).toEqual([
      'unknown option -x',
      'unknown option --frob',
      '--timeout needs a value',
      '--delivered needs a value',
      '--token-file needs a value',
      'one package directory, not 2',
      '--prometheus must be an http or https URL, got the scheme ftp:',
    ]);
    expect(
      problems(['--prometheus', 'not a url', '--prometheus', 'http://a', '--token-file', 'f', '--token-env', 'E', '--timeout', 'soon']),
    ).toEqual([
      '--prometheus is given 2 times',
      'name the package directory to observe',
      '--prometheus is not a URL (expected e.g. http://prometheus:9090)',
      'give --token-file or --token-env, not both',
      '--timeout must be a duration such as 90s, 15m, 1h30m or 2d; got "soon"',
    ]);
    expect(problems(['pkg', '--prometheus', 'http://a', '--timeout', '0s'])).toEqual(['--timeout must be longer than 0s']);
  });

  it('names a group of short options once, as typed, and never reads help into it', () => {
    expect(problems(['pkg', '--prometheus', 'http://a', '-prometheus'])).toEqual(['unknown option -prometheus']);
  });

  it('takes what follows -- as the package, even when it looks like an option', () => {
    expect(parseArgs(['--prometheus', 'http://a', '--', '--pkg'])).toMatchObject({ ok: true, value: { packageDir: '--pkg' } });
  });

  it('gives help for -h or --help, whatever else is wrong', () => {
    expect(parseArgs(['--frob', '-h'])).toEqual({ ok: true, value: 'help' });
    expect(parseArgs(['--help'])).toEqual({ ok: true, value: 'help' });
  });
});
