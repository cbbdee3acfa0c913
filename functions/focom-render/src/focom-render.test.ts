/**
 * The functionConfig the three stages share is checked whole before any stage runs: every
 * problem is reported in one run, not a later stage's only once an earlier stage's are fixed.
 */
import { readResourceList } from '@focom/krm-runtime';
import { focomRender } from '.';

function render(config: string): { messages: string[]; kinds: string[]; summary: string } {
  const input = ['apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items: []', 'functionConfig:', config].join('\n');
  const { results, summary } = focomRender.process(readResourceList(input));
  const errors = results.filter((r) => r.severity === 'error');
  return {
    messages: errors.map((r) => `${r.field?.path ?? ''}: ${r.message}`),
    kinds: [...new Set(errors.map((r) => r.resourceRef?.kind ?? ''))],
    summary,
  };
}

describe('focom-render', () => {
  it("reports every functionConfig problem of every stage in one run, the SLO gate's keys once", () => {
    const out = render(
      [
        '  apiVersion: v1',
        '  kind: ConfigMap',
        '  metadata: {name: render}',
        '  data:',
        '    colour: red', // no stage knows it
        '    unknownTemplate: sometimes', // validate-template-params (and expand)
        '    sloPeriod: 7d', // expand-provisioning-request
        '    sloRollback: maybe', // the gate: expand and inject
        '    sloCanaryRequired: "2"', // the gate, across keys: no sloCanarySites
        '    delivery: argocd', // inject-ocloud-targeting, across keys: no repoURL
        '    interval: soon', // inject-ocloud-targeting
      ].join('\n'),
    );
    expect(out.messages).toEqual([
      expect.stringMatching(/^data\.colour: unknown functionConfig key "colour"; known keys: unknownTemplate, /),
      'data.unknownTemplate: must be one of "warning", "error", got "sometimes"',
      'data.sloPeriod: must be one of "30d", "28d", got "7d"',
      'data.sloRollback: must be one of "true", "false", got "maybe"',
      'data.sloCanaryRequired: is set but sloCanarySites names no canary: set both or neither',
      'data.interval: must be a Go duration such as 10m or 1h30m, got "soon"',
      'data.repoURL: must be set when delivery is argocd: the URL of the Git repository holding this package',
    ]);
    expect(out.summary).toBe('ran 0 of 3 stages');
  });

  it('names the typed kind it was given, and leaves out what an invalid key would make of its default', () => {
    const out = render(
      [
        '  apiVersion: fn.focom.nephio.org/v1alpha1',
        '  kind: FocomRenderConfig',
        '  metadata: {name: render}',
        '  spec:',
        '    sloCanarySites: Site_A',
        '    sloCanaryBakeTime: 2h',
        '    sloCanaryRequired: 1',
      ].join('\n'),
    );
    expect(out.messages).toEqual(['spec.sloCanarySites: must be a comma-separated list of request names, got "Site_A"']);
    expect(out.kinds).toEqual(['FocomRenderConfig']);
  });
});
