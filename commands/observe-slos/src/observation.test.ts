/**
 * The observation command's pure parts: what a package offers to observe, the queries, reading
 * Prometheus's answers, and building the SloObservation (sorted, earlier versions remembered).
 */
import { type SloObservationSpec, observationObject, packageObservation, readObservationSpec } from '@focom/observability';
import { type ObservedRequest, observedRequests } from './observed-requests';
import {
  apiUrl,
  budgetRemainingQuery,
  firingAlertsQuery,
  instantQueryPath,
  publicSource,
  rangeQueryPath,
  selector,
  sloInfoQuery,
} from './prometheus-queries';
import { buildObservation, previousVersions, runningSince, sloReadings } from './observation-build';
import { errorAnswer, parseMatrix, parseVector } from './prometheus-response';
import { observationFileText } from './observation-file';
import { packageFiles, packageItems } from '@focom/test-support/slo-package';

describe('what a package offers to observe', () => {
  const files = packageFiles('sites', [
    { request: 'site-b', template: '5g-ran-du@v1.1.0', slos: ['f1-setup-success', 'availability'] },
    { request: 'site-a', dialect: 'upstream', template: '5g-upf@v2.0.0', slos: ['session-setup'] },
    { request: 'site-c' },
    { request: 'site-d', namespace: 'edge', template: '5g-ran-du@v1.0.0' },
  ]);

  it('finds each request of either dialect, its template version and the SLOs its PrometheusRule declares, sorted', () => {
    const found = observedRequests(packageItems(files));
    expect(found.ok).toBe(true);
    const requests = (found as { value: ObservedRequest[] }).value;
    expect(requests.map((r) => [r.namespace, r.name, r.template, r.slos.map((s) => s.slo), r.alertNames])).toEqual([
      ['edge', 'site-d', '5g-ran-du@v1.0.0', [], []],
      ['o2ims', 'site-a', '5g-upf@v2.0.0', ['session-setup'], ['SessionSetupSLOBurnRate']],
      [
        'o2ims',
        'site-b',
        '5g-ran-du@v1.1.0',
        ['availability', 'f1-setup-success'],
        ['AvailabilitySLOBurnRate', 'F1SetupSuccessSLOBurnRate'],
      ],
      ['o2ims', 'site-c', undefined, [], []],
    ]);
    expect(requests[1].slos[0]).toEqual({
      service: 'site-a',
      slo: 'session-setup',
      id: 'site-a-session-setup',
      infoLabels: expect.objectContaining({
        sloth_id: 'site-a-session-setup',
        focom_template: '5g-upf@v2.0.0',
        sloth_objective: '99.9',
      }) as unknown,
    });
  });

  it('refuses generated resources that disagree on their template version, naming the files', () => {
    const broken = { ...files };
    const path = 'generated/o2ims/site-b/deployment_ran-du.yaml';
    broken[path] = broken[path].replace('5g-ran-du@v1.1.0', '5g-ran-du@v1.0.0');
    expect(observedRequests(packageItems(broken))).toEqual({
      ok: false,
      reason:
        'the generated resources of request site-b disagree on their focom.nephio.org/template annotation: ' +
        '5g-ran-du@v1.0.0 (generated/o2ims/site-b/deployment_ran-du.yaml); ' +
        '5g-ran-du@v1.1.0 (generated/o2ims/site-b/prometheusrule_site-b-slos.yaml); render the package again before observing it',
    });
  });

  it('leaves a broken TemplateInfo or OCloud to the render: only requests matter here', () => {
    const withBrokenInfo = {
      ...files,
      'template-info.yaml':
        'apiVersion: focom.nephio.org/v1alpha1\nkind: TemplateInfo\nmetadata: {name: t, namespace: o2ims}\nspec: {template: ""}\n',
    };
    expect(observedRequests(packageItems(withBrokenInfo)).ok).toBe(true);
  });

  it('refuses a request it cannot read, naming its file', () => {
    const broken = { ...files, 'site-a.yaml': files['site-a.yaml'].replace('templateVersion: v2.0.0', 'templateVersion: ""') };
    expect(observedRequests(packageItems(broken))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /^site-a\.yaml: FocomProvisioningRequest site-a cannot be read: spec\.templateVersion must be/,
      ) as unknown,
    });
  });
});

describe('queries', () => {
  it('select the recorded SLO series by service, with escaped label values', () => {
    expect(budgetRemainingQuery('site-a')).toBe('slo:period_error_budget_remaining:ratio{sloth_service="site-a"}');
    expect(firingAlertsQuery('site-a')).toBe('ALERTS{alertstate="firing", sloth_service="site-a"}');
    expect(sloInfoQuery({ sloth_slo: 'x', a: 'q"uo\\te' })).toBe('sloth_slo_info{a="q\\"uo\\\\te", sloth_slo="x"}');
    expect(selector({})).toBe('{}');
  });

  it('go to the API paths with the evaluation time, below a path prefix', () => {
    const path = instantQueryPath('up{a="b"}', new Date('2026-05-04T12:00:00.123Z'));
    expect(path).toBe('/api/v1/query?query=up%7Ba%3D%22b%22%7D&time=1777896000.123');
    expect(rangeQueryPath('up', new Date(0), new Date(300_000), 60)).toBe('/api/v1/query_range?query=up&start=0.000&end=300.000&step=60');
    expect(apiUrl(new URL('https://mon.example/prometheus/'), path).toString()).toBe(`https://mon.example/prometheus${path}`);
  });

  it('write the source without credentials, query or fragment', () => {
    expect(publicSource(new URL('https://user:secret@mon.example:9443/prom/?token=abc#x'))).toBe('https://mon.example:9443/prom');
    expect(publicSource(new URL('http://127.0.0.1:9090'))).toBe('http://127.0.0.1:9090');
  });
});

describe("Prometheus's answers", () => {
  const vector = (values: string[]): string =>
    JSON.stringify({
      status: 'success',
      data: {
        resultType: 'vector',
        result: values.map((v, i) => ({ metric: { __name__: 'm', sloth_slo: `s${i}` }, value: [1714817700.5, v] })),
      },
    });

  it('read a vector and a matrix', () => {
    expect(parseVector(vector(['0.5', '-1.25']), 'q')).toEqual({
      ok: true,
      value: [
        { labels: { __name__: 'm', sloth_slo: 's0' }, value: 0.5 },
        { labels: { __name__: 'm', sloth_slo: 's1' }, value: -1.25 },
      ],
    });
    const matrix = JSON.stringify({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { a: 'b' },
            values: [
              [1, '1'],
              [2, '1'],
            ],
          },
        ],
      },
    });
    expect(parseMatrix(matrix, 'q')).toEqual({
      ok: true,
      value: [
        {
          labels: { a: 'b' },
          points: [
            [1, 1],
            [2, 1],
          ],
        },
      ],
    });
  });

  it('keep NaN (no data), refuse infinities, naming the series', () => {
    expect(parseVector(vector(['0.5', 'NaN']), 'q')).toEqual({
      ok: true,
      value: [
        { labels: { __name__: 'm', sloth_slo: 's0' }, value: 0.5 },
        { labels: { __name__: 'm', sloth_slo: 's1' }, value: Number.NaN },
      ],
    });
    expect(parseVector(vector(['+Inf']), 'q')).toEqual({
      ok: false,
      reason: 'Prometheus answered "+Inf" for m{sloth_slo="s0"} (query q): only numbers and NaN (no data) can be observed, not infinities',
    });
    expect(parseVector(vector(['-Inf']), 'q')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Prometheus answered "-Inf"/) as unknown,
    });
    expect(parseVector(vector(['']), 'q')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Prometheus answered ""/) as unknown,
    });
  });

  it("quote a server's text on one line without terminal control sequences", () => {
    const body = JSON.stringify({ status: 'error', error: 'bad\n\u001b[2J\u001b]0;owned\u0007query\u0000' });
    expect(parseVector(body, 'q')).toEqual({ ok: false, reason: 'Prometheus refused the query q: bad query' });
    expect(errorAnswer(500, 'line one\r\n\u001b[31mred\u001b[0m\u009b')).toBe('HTTP 500: line one red');
    const hostileLabel = JSON.stringify({
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: { __name__: 'm\u001b[1m', s: 'x\u0007"y' }, value: [1, '+Inf'] }] },
    });
    expect(parseVector(hostileLabel, 'q')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('for m{s="x\\"y"}') as unknown,
    });
  });

  it('refuse what is not the API envelope, saying what is wrong', () => {
    expect(parseVector('{"status":"succ', 'q')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Prometheus's answer to q is malformed: the answer is not JSON \(/) as unknown,
    });
    expect(parseVector('[]', 'q')).toEqual({ ok: false, reason: "Prometheus's answer to q is malformed: the answer is not a JSON object" });
    expect(parseVector('{"status":"error","error":"parse error"}', 'q')).toEqual({
      ok: false,
      reason: 'Prometheus refused the query q: parse error',
    });
    expect(parseVector('{"status":"success","data":{"resultType":"matrix","result":[]}}', 'q')).toEqual({
      ok: false,
      reason: `Prometheus's answer to q is malformed: its result type is "matrix", expected vector`,
    });
    expect(parseVector('{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}', 'q')).toEqual({
      ok: false,
      reason: `Prometheus's answer to q is malformed: a sample is not [time, "value"]`,
    });
  });

  it('say what an HTTP error answer says, briefly', () => {
    expect(errorAnswer(422, '{"status":"error","errorType":"execution","error":"query timed out"}')).toBe(
      'HTTP 422: execution: query timed out',
    );
    expect(errorAnswer(500, `<html>\n  <body>${'x'.repeat(300)}</body></html>`)).toBe(`HTTP 500: <html> <body>${'x'.repeat(187)}...`);
    expect(errorAnswer(503, '')).toBe('HTTP 503');
  });
});

describe('building the observation', () => {
  const request: ObservedRequest = {
    name: 'site-a',
    namespace: 'o2ims',
    template: '5g-ran-du@v1.1.0',
    slos: [
      { service: 'site-a', slo: 'availability', id: 'site-a-availability' },
      { service: 'site-a', slo: 'f1', id: 'site-a-f1' },
    ],
    alertNames: ['AvailabilitySLOBurnRate', 'F1SLOBurnRate'],
  };
  const s = (labels: Record<string, string>, value: number) => ({ labels, value });

  it('reads one value per SLO, keeps the worst of duplicates, and only its own firing burn alerts', () => {
    const answers = new Map([
      [
        'site-a',
        {
          budgetRemaining: [
            s({ sloth_slo: 'availability', sloth_id: 'site-a-availability' }, 0.8),
            s({ sloth_slo: 'availability', replica: 'b' }, 0.7),
          ],
          currentBurnRate: [
            s({ sloth_slo: 'availability' }, 0.2),
            s({ sloth_slo: 'availability', replica: 'b' }, 0.3),
            s({ sloth_slo: 'f1' }, 9),
          ],
          firingAlerts: [
            s({ alertname: 'F1SLOBurnRate', sloth_slo: 'f1', sloth_severity: 'ticket' }, 1),
            s({ alertname: 'F1SLOBurnRate', sloth_slo: 'f1', sloth_severity: 'page' }, 1),
            s({ alertname: 'SomeoneElses', sloth_slo: 'availability', sloth_severity: 'page' }, 1),
            s({ alertname: 'AvailabilitySLOBurnRate', sloth_slo: 'availability', sloth_id: 'other-id', sloth_severity: 'page' }, 1),
          ],
        },
      ],
    ]);
    expect(sloReadings(request, answers)).toEqual({
      ok: true,
      value: [
        { slo: 'availability', state: 'observed', errorBudgetRemaining: 0.7, currentBurnRate: 0.3, firingAlerts: [] },
        { slo: 'f1', state: 'no-data', currentBurnRate: 9, firingAlerts: ['page', 'ticket'] },
      ],
    });
    expect(sloReadings(request, new Map())).toEqual({
      ok: true,
      value: [
        { slo: 'availability', state: 'no-data', firingAlerts: [] },
        { slo: 'f1', state: 'no-data', firingAlerts: [] },
      ],
    });
  });

  it('records an SLO whose SLI had no traffic (NaN) as no data, and the other SLOs as observed', () => {
    const answers = new Map([
      [
        'site-a',
        {
          budgetRemaining: [s({ sloth_slo: 'availability' }, Number.NaN), s({ sloth_slo: 'f1' }, 0.9)],
          currentBurnRate: [s({ sloth_slo: 'availability' }, Number.NaN), s({ sloth_slo: 'f1' }, 0.1)],
          firingAlerts: [],
        },
      ],
    ]);
    expect(sloReadings(request, answers)).toEqual({
      ok: true,
      value: [
        { slo: 'availability', state: 'no-data', firingAlerts: [] },
        { slo: 'f1', state: 'observed', errorBudgetRemaining: 0.9, currentBurnRate: 0.1, firingAlerts: [] },
      ],
    });
  });

  it('refuses a budget or burn rate no SLO can have, naming the series, with or without the objective', () => {
    const one = (budget: number, burn: number, objective?: string) =>
      sloReadings(
        {
          ...request,
          slos: [
            {
              service: 'site-a',
              slo: 'availability',
              id: 'site-a-availability',
              ...(objective === undefined ? {} : { infoLabels: { sloth_objective: objective } }),
            },
          ],
        },
        new Map([
          [
            'site-a',
            {
              budgetRemaining: [s({ __name__: 'slo:period_error_budget_remaining:ratio', sloth_slo: 'availability' }, budget)],
              currentBurnRate: [s({ __name__: 'slo:current_burn_rate:ratio', sloth_slo: 'availability' }, burn)],
              firingAlerts: [],
            },
          ],
        ]),
      );
    expect(one(-100, 1e6)).toMatchObject({ ok: true });
    expect(one(-100.5, 1)).toEqual({
      ok: false,
      reason:
        'Prometheus answered -100.5 for slo:period_error_budget_remaining:ratio{sloth_slo="availability"}, out of range for an error budget remaining ratio (from -100 to 1) (SLO availability of request site-a)',
    });
    expect(one(1.5, 1)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('answered 1.5 for slo:period_error_budget_remaining') as unknown,
    });
    expect(one(0.5, -0.1)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('answered -0.1 for slo:current_burn_rate:ratio') as unknown,
    });
    expect(one(0.5, Number.POSITIVE_INFINITY)).toEqual({
      ok: false,
      reason:
        'Prometheus answered Infinity for slo:current_burn_rate:ratio{sloth_slo="availability"}, out of range for a burn rate (a finite number from 0) (SLO availability of request site-a)',
    });
    // Objective 99.9%: every request failing spends the budget 1000 times, so the budget left is at least -999.
    expect(one(1 - 1 / (1 - 0.999), 1 / (1 - 0.999), '99.9')).toMatchObject({ ok: true });
    expect(one(-1000, 1, '99.9')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('(from -999 to 1)') as unknown,
    });
    expect(one(0.5, 1001, '99.9')).toMatchObject({ ok: false, reason: expect.stringContaining('(from 0 to 1000)') as unknown });
  });

  it("finds since when a canary's rules have been loaded without a gap", () => {
    const end = new Date(10_000 * 1000);
    const points = (times: number[]) => [{ labels: {}, points: times.map((t): [number, number] => [t, 1]) }];
    expect(runningSince(points([7000, 7300, 7600, 8500, 8800, 9100, 9400, 9700, 10000]), end, 300)).toEqual(new Date(8500 * 1000));
    expect(runningSince(points([9000, 9300]), end, 300)).toBeUndefined();
    expect(runningSince([], end, 300)).toBeUndefined();
  });

  const spec = (
    observedAt: string,
    template: string,
    previous: SloObservationSpec['requests'][number]['previousVersions'] = [],
  ): SloObservationSpec => ({
    observedAt,
    source: 'http://p',
    canaries: [],
    requests: [
      {
        request: 'site-a',
        namespace: 'o2ims',
        template,
        slos: [{ slo: 'availability', state: 'observed', errorBudgetRemaining: 0.5, firingAlerts: [] }],
        previousVersions: previous,
      },
    ],
  });

  it('remembers the last observation of each earlier version, newest first', () => {
    const before = spec('2026-05-03T00:00:00.000Z', 'x@v2', [
      { template: 'x@v1', observedAt: '2026-05-01T00:00:00.000Z', slos: [] },
      { template: 'x@v3', observedAt: '2026-05-02T00:00:00.000Z', slos: [] },
    ]);
    expect(
      previousVersions({ template: 'x@v3' }, { spec: before, request: before.requests[0] }).map((v) => [v.template, v.observedAt]),
    ).toEqual([
      ['x@v2', '2026-05-03T00:00:00.000Z'],
      ['x@v1', '2026-05-01T00:00:00.000Z'],
    ]);
    expect(previousVersions({ template: 'x@v2' }, { spec: before, request: before.requests[0] }).map((v) => v.template)).toEqual([
      'x@v3',
      'x@v1',
    ]);
    expect(previousVersions({ template: 'x@v2' }, undefined)).toEqual([]);
  });

  it('sorts requests and canaries, so the same answers write the same file', () => {
    const r = (name: string, namespace = 'o2ims'): ObservedRequest => ({ ...request, name, namespace });
    const built = buildObservation({
      observedAt: new Date('2026-05-04T12:00:00Z'),
      source: 'http://p',
      requests: [
        { request: r('b'), slos: [] },
        { request: r('a', 'z'), slos: [] },
        { request: r('a'), slos: [] },
      ],
      canaries: [
        { package: 'wave-1', request: r('c2'), slos: [], runningSince: new Date('2026-05-01T00:00:00Z') },
        { package: 'wave-0', request: r('c1'), slos: [] },
      ],
      previous: spec('2026-05-03T00:00:00.000Z', 'x@v1'),
    });
    expect(built.requests.map((q) => `${q.namespace}/${q.request}`)).toEqual(['o2ims/a', 'o2ims/b', 'z/a']);
    expect(built.canaries.map((c) => [c.package, c.request, c.runningSince])).toEqual([
      ['wave-0', 'c1', undefined],
      ['wave-1', 'c2', '2026-05-01T00:00:00.000Z'],
    ]);
    expect(built.observedAt).toBe('2026-05-04T12:00:00.000Z');
  });

  it('reads back what it writes, and names the field of a broken observation', () => {
    const written = observationObject(spec('2026-05-03T00:00:00.000Z', 'x@v1'));
    expect(readObservationSpec(written)).toEqual({ ok: true, value: spec('2026-05-03T00:00:00.000Z', 'x@v1') });
    const broken = JSON.parse(JSON.stringify(written)) as { spec: { requests: Array<{ slos: Array<Record<string, unknown>> }> } };
    broken.spec.requests[0].slos[0].state = 'fine';
    expect(readObservationSpec(broken)).toEqual({
      ok: false,
      reason: 'spec.requests[0].slos[0].state must be observed or no-data, got "fine"',
    });
    expect(readObservationSpec({ spec: { observedAt: 'yesterday' } })).toEqual({
      ok: false,
      reason: 'spec.observedAt must be an RFC 3339 time such as 2026-05-04T10:15:00Z, got "yesterday"',
    });
  });
});

describe('the observation file', () => {
  const spec: SloObservationSpec = { observedAt: '2026-05-04T12:00:00.000Z', source: 'http://p', requests: [], canaries: [] };

  it('is written new with a header saying who owns it, its times quoted for YAML 1.1 readers', () => {
    const text = observationFileText(undefined, spec);
    expect(text).toEqual({
      ok: true,
      value: expect.stringMatching(
        /^# Written by observe-slos: [^]*\nkind: SloObservation\n[^]* {2}observedAt: "2026-05-04T12:00:00.000Z"\n/,
      ) as unknown,
    });
  });

  it('keeps the comments and metadata outside spec and replaces spec, comments in it included', () => {
    const existing = [
      '# mine',
      'apiVersion: focom.nephio.org/v1alpha1',
      'kind: SloObservation',
      'metadata:',
      '  name: kept-name # mine too',
      'spec:',
      '  # lost: the command owns spec',
      '  observedAt: x',
      '',
    ].join('\n');
    const text = observationFileText(existing, spec);
    expect(text.ok).toBe(true);
    const value = (text as { value: string }).value;
    expect(value).toMatch(
      /^# mine\napiVersion: focom\.nephio\.org\/v1alpha1\nkind: SloObservation\nmetadata:\n {2}name: kept-name # mine too\n/,
    );
    expect(value).toContain('config.kubernetes.io/local-config: "true"');
    expect(value).not.toContain('lost');
    expect(value).toContain('observedAt: "2026-05-04T12:00:00.000Z"');
  });

  it('refuses a file that is not one readable SloObservation, rather than overwrite it', () => {
    expect(observationFileText('a: [', spec)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^slo-observations\.yaml is not valid YAML/) as unknown,
    });
    expect(observationFileText('apiVersion: v1\nkind: ConfigMap\n', spec)).toEqual({
      ok: false,
      reason: 'slo-observations.yaml holds something other than one SloObservation; move it away or delete it to start afresh',
    });
  });
});

describe("the package's observation", () => {
  const spec: SloObservationSpec = { observedAt: '2026-05-04T12:00:00.000Z', source: 'http://p', requests: [], canaries: [] };
  const text = (object: unknown): string => JSON.stringify(object);

  it('is the SloObservation at slo-observations.yaml, or none', () => {
    expect(packageObservation(packageItems({ 'slo-observations.yaml': text(observationObject(spec)) }))).toEqual({ ok: true, value: spec });
    expect(packageObservation(packageItems({ 'other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' }))).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it('is refused elsewhere, or when it does not read, naming the file', () => {
    expect(packageObservation(packageItems({ 'obs/elsewhere.yaml': text(observationObject(spec)) }))).toEqual({
      ok: false,
      reason:
        'obs/elsewhere.yaml holds an SloObservation; observe-slos owns slo-observations.yaml at the package root: move it there or delete it',
    });
    const broken = { ...observationObject(spec), spec: { ...spec, source: '' } };
    expect(packageObservation(packageItems({ 'slo-observations.yaml': text(broken) }))).toEqual({
      ok: false,
      reason:
        'slo-observations.yaml: spec.source must be a non-empty string, got ""; it is written by observe-slos: fix it or delete it to start afresh',
    });
  });
});
