import { parseArgs } from './args';

describe('provision-seed parseArgs', () => {
  it('defaults to the seed package, 600 s and three fake nodes', () => {
    expect(parseArgs([])).toEqual({
      ok: true,
      value: {
        kind: 'provision',
        options: {
          packageDir: 'packages/examples/seed-edge',
          timeoutSeconds: 600,
          dryRun: false,
          keep: false,
          skipBuild: false,
          skipClusters: false,
          edgeNodes: 3,
          o2imsDelaySeconds: 10,
          o2imsFail: false,
        },
      },
    });
  });

  it('reads every option, = form included', () => {
    const parsed = parseArgs([
      'pkg',
      '--timeout=90',
      '--keep',
      '--work-dir',
      '/tmp/x',
      '--skip-build',
      '--edge-nodes',
      '2',
      '--o2ims-delay',
      '3',
      '--o2ims-fail',
    ]);
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        options: {
          packageDir: 'pkg',
          timeoutSeconds: 90,
          keep: true,
          workDir: '/tmp/x',
          skipBuild: true,
          edgeNodes: 2,
          o2imsDelaySeconds: 3,
          o2imsFail: true,
        },
      },
    });
  });

  it('reports every problem at once', () => {
    const parsed = parseArgs(['a', 'b', '--timeout', '0', '--frob', '--skip-clusters', '--dry-run', '--keep']);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.reason.split('\n')).toEqual([
      'unknown option --frob',
      'one PACKAGE at most, got 2: a b',
      '--timeout must be a positive whole number, got "0"',
      '--skip-clusters needs --work-dir DIR: the directory of a --keep run',
      '--dry-run starts nothing, so there is nothing to --keep',
    ]);
  });

  it('--stop takes only its directory; --help wins', () => {
    expect(parseArgs(['--stop', '/tmp/k'])).toEqual({ ok: true, value: { kind: 'stop', workDir: '/tmp/k' } });
    expect(parseArgs(['--stop', '/tmp/k', '--keep']).ok).toBe(false);
    expect(parseArgs(['--frob', '--help'])).toEqual({ ok: true, value: { kind: 'help' } });
  });

  it('reports unknown options, missing values, repeats and bad values all at once', () => {
    const parsed = parseArgs([
      '-x',
      '--keep=yes',
      '--work-dir=',
      '--timeout',
      '5',
      '--timeout',
      'soon',
      '--edge-nodes',
      '-1',
      '--frob',
      '--stop',
    ]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.reason.split('\n')).toEqual([
      'unknown option -x',
      '--keep takes no value, got --keep=yes',
      '--work-dir needs a value',
      'unknown option --frob',
      '--stop needs a value',
      '--timeout is given twice',
      '--edge-nodes must be a positive whole number, got "-1"',
    ]);
  });

  it('names a group of short options once, as typed, and never reads help into it', () => {
    expect(parseArgs(['-skip-h'])).toEqual({ ok: false, reason: 'unknown option -skip-h' });
  });

  it('takes what follows -- as the package, even when it looks like an option', () => {
    expect(parseArgs(['--', '--pkg'])).toMatchObject({ ok: true, value: { options: { packageDir: '--pkg' } } });
  });
});
