import { parseArgs } from './args';

describe('focom-status arguments', () => {
  it("leaves the kubeconfig to client-node's defaults unless --kubeconfig names one", () => {
    expect(parseArgs([])).toEqual({ ok: true, value: { kind: 'run', resyncSeconds: 60 } });
    expect(parseArgs(['--kubeconfig', '/smo', '--namespace', 'smo', '--resync', '5'])).toEqual({
      ok: true,
      value: { kind: 'run', kubeconfig: '/smo', namespace: 'smo', resyncSeconds: 5 },
    });
  });

  it.each([
    [['--resync', '0'], '--resync must be whole seconds from 1 to 86400, got "0"'],
    [['--namespace', 'Bad_NS'], '--namespace must be a namespace name (a DNS-1123 label), got "Bad_NS"'],
    [['--kubeconfig'], '--kubeconfig needs a value'],
    [['--watch'], 'unknown argument "--watch"'],
  ])('refuses %j', (argv, reason) => {
    expect(parseArgs(argv)).toEqual({ ok: false, reason });
  });
});
