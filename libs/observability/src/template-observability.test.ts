/**
 * A template's observability declaration: the shape checks a template author gets at read time,
 * and the render-time checks once the parameters are filled in (objective range, the metrics
 * port, queries that parameters broke), each naming the field.
 */
import { DEFAULT_MONITORING, type ObservabilityDeclaration, parseLabelList, queryShapeProblem, readObservability } from '@focom/domain';
import { requestMonitoring, slothRuleGroups, unsafeQueryParameter } from '.';
import { checkRules } from '@focom/test-support/promtool';

const QUERY = 'sum(rate(x_total{namespace="ran"}[{{.window}}]))';
const SLO = { name: 'f1', objective: 99.5, description: 'F1 works.', sli: { errorQuery: QUERY, totalQuery: QUERY } };
const CONTEXT = { request: 'site-a', ocloud: 'edge', template: 'du@v1', settings: DEFAULT_MONITORING };

function deployment(ports: string[], name = 'du'): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'ran' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { spec: { containers: [{ name: 'du', ports: ports.map((p, i) => ({ name: p, containerPort: 9000 + i })) }] } },
    },
  };
}

describe('queryShapeProblem', () => {
  it.each([
    [QUERY, undefined],
    ['sum(rate(x_total{a="((#"}[{{.window}}]))', undefined],
    [
      'sum(rate(x_total[{{.window}}])) # a comment',
      'has a # comment at character 33; the generated rules wrap the query in parentheses, which a comment would break',
    ],
    ['sum(rate(x_total[5m]))', 'must use {{.window}} as the range of its rates, e.g. rate(x_total[{{.window}}])'],
    [
      'sum(rate(x_total[{{.window}}])',
      'is not valid PromQL: it ends before the expression is complete: the "(" at character 4 is never closed',
    ],
    ['sum(rate(x_total[{{.window}}])))', 'is not valid PromQL: it cannot be read at character 32 (at ")")'],
    ['sum(x{a="b"]) [{{.window}}]', 'is not valid PromQL: it cannot be read at character 12 (at "]) [{{.win")'],
    [
      'sum(x{a="b}[{{.window}}])',
      'is not valid PromQL: the string "b}[{{.window}}]) at character 9 is not a PromQL string (unterminated, a raw newline, or an unknown escape)',
    ],
    [
      'sum(x{a="b\\q"}[{{.window}}])',
      'is not valid PromQL: the string "b\\q" at character 9 is not a PromQL string (unterminated, a raw newline, or an unknown escape)',
    ],
    [
      'sum by (cell) (rate(x_total[{{.window}}])) / on() nosuchfunction(x)',
      'is not valid PromQL: it cannot be read at character 65 (at "(x)")',
    ],
    ['sum(x{a="${namespace}"}[{{.window}}])', undefined],
    ['sum(rate(${metric}_total[{{.window}}])) * ${factor}', undefined],
    ['sum(rate(x_total[{{ .window }}]))', undefined],
  ])('%s', (query, problem) => {
    expect(queryShapeProblem(query)).toBe(problem);
  });
});

describe('readObservability', () => {
  it('reads a declaration, filling the metrics defaults', () => {
    expect(readObservability({ metrics: { port: 'metrics' }, slos: [{ ...SLO, objective: '${objective}' }] })).toEqual({
      ok: true,
      value: {
        metrics: { port: 'metrics', path: '/metrics', interval: '30s', scheme: 'http' },
        slos: [{ ...SLO, objective: '${objective}' }],
      },
    });
  });

  it.each([
    [[], 'spec.observability', 'must be a mapping with metrics, slos'],
    [{ slo: [] }, 'spec.observability.slo', 'is not a field here; the fields are metrics, slos'],
    [{ metrics: { port: 'm', scheme: 'ftp' } }, 'spec.observability.metrics.scheme', 'must be http or https, got "ftp"'],
    [
      { metrics: { port: 'm', interval: 'often' } },
      'spec.observability.metrics.interval',
      'must be a Prometheus duration such as 30s or 1m, got "often"',
    ],
    [{ slos: [SLO, SLO] }, 'spec.observability.slos[1].name', 'names SLO "f1" a second time'],
    [
      { slos: [{ ...SLO, name: 'F1 Setup' }] },
      'spec.observability.slos[0].name',
      'must be lower case letters, digits and "-" (it becomes Sloth\'s sloth_slo label), got "F1 Setup"',
    ],
    [
      { slos: [{ ...SLO, objective: 100 }] },
      'spec.observability.slos[0].objective',
      'must be a percentage above 0 and below 100 (e.g. 99.9) or a ${parameter} that gives one, got 100',
    ],
    [
      { slos: [{ ...SLO, objective: 'high' }] },
      'spec.observability.slos[0].objective',
      'must be a percentage above 0 and below 100 (e.g. 99.9) or a ${parameter} that gives one, got "high"',
    ],
    [
      { slos: [{ ...SLO, sli: { errorQuery: QUERY, totalQuery: 'sum(x)' } }] },
      'spec.observability.slos[0].sli.totalQuery',
      'must use {{.window}} as the range of its rates, e.g. rate(x_total[{{.window}}])',
    ],
  ])('%j: %s %s', (raw, path, problem) => {
    expect(readObservability(raw)).toEqual({ ok: false, path, problem });
  });
});

describe('requestMonitoring', () => {
  const declared = (d: Partial<ObservabilityDeclaration>): ObservabilityDeclaration => ({ slos: [SLO], ...d });
  const metrics = { port: 'metrics', path: '/metrics', interval: '30s', scheme: 'http' };

  it('makes a PodMonitor for the workload that serves the port and a PrometheusRule beside it', () => {
    const made = requestMonitoring(declared({ metrics }), [deployment(['f1-c']), deployment(['metrics'], 'exporter')], CONTEXT);
    expect(made.ok && made.value.map((o) => [o.kind, (o.metadata as { name: string }).name])).toEqual([
      ['PodMonitor', 'site-a-metrics'],
      ['PrometheusRule', 'site-a-slos'],
    ]);
    expect(made.ok && (made.value[0].spec as { selector: unknown }).selector).toEqual({ matchLabels: { app: 'exporter' } });
  });

  it.each([
    [
      'an objective a parameter made out of range',
      declared({ slos: [{ ...SLO, objective: 100 }] }),
      [deployment([])],
      'SLO "f1": spec.observability.slos[0].objective is 100 once the parameters are filled in; it must be a percentage above 0 and below 100',
    ],
    [
      'a parameter that broke a query',
      declared({ slos: [{ ...SLO, sli: { errorQuery: 'sum(x{a="b"}[{{.window}}]', totalQuery: QUERY } }] }),
      [deployment([])],
      'SLO "f1": spec.observability.slos[0].sli.errorQuery is not valid PromQL: it ends before the expression is complete: the "(" at character 4 is never closed once the parameters are filled in',
    ],
    [
      'a port no workload declares',
      declared({ metrics }),
      [deployment(['f1-c'])],
      'spec.observability.metrics.port names container port "metrics", which exactly one Deployment, StatefulSet or DaemonSet of the template must declare; none does',
    ],
    [
      'a port two workloads declare',
      declared({ metrics }),
      [deployment(['metrics'], 'a'), deployment(['metrics'], 'b')],
      'spec.observability.metrics.port names container port "metrics", which exactly one Deployment, StatefulSet or DaemonSet of the template must declare; Deployment a and Deployment b do',
    ],
    [
      'SLOs without a workload',
      declared({}),
      [],
      'the template declares SLOs but renders no namespaced workload to put its PrometheusRule beside',
    ],
  ])('reports %s', (_what, declaration, objects, reason) => {
    expect(requestMonitoring(declaration, objects, CONTEXT)).toEqual({ ok: false, reason });
  });

  it('reports a request name that cannot be a label value, naming the SLO and the field', () => {
    expect(requestMonitoring(declared({}), [deployment([])], { ...CONTEXT, request: 'site-\ud800' })).toEqual({
      ok: false,
      reason:
        'SLO "f1" (spec.observability.slos[0]) cannot have its rules: the service (sloth_service) "site-\\ud800" holds a lone UTF-16 surrogate, which has no UTF-8 form',
    });
  });

  it('writes the rules of a hostile request name with the name as data in every selector', () => {
    const made = requestMonitoring(declared({}), [deployment([])], { ...CONTEXT, request: 'site"} or vector(1) #' });
    const rule = made.ok ? made.value.find((o) => o.kind === 'PrometheusRule') : undefined;
    const exprs = (rule?.spec as { groups: Array<{ rules: Array<{ expr: string }> }> }).groups.flatMap((g) => g.rules.map((r) => r.expr));
    expect(exprs.find((e) => e.startsWith('1 - slo:period_burn_rate:ratio'))).toBe(
      '1 - slo:period_burn_rate:ratio{sloth_id="site\\"} or vector(1) #-f1", sloth_service="site\\"} or vector(1) #", sloth_slo="f1"}',
    );
    expect(checkRules((rule?.spec as { groups: unknown }).groups).status).toBe(0);
  });
});

describe('parseLabelList', () => {
  it.each([
    ['release=kube-prometheus-stack', { ok: true, value: { release: 'kube-prometheus-stack' } }],
    [' release = prom , team=ran ', { ok: true, value: { release: 'prom', team: 'ran' } }],
    ['', { ok: true, value: {} }],
    ['release', { ok: false, reason: 'label=value pairs separated by commas, e.g. release=kube-prometheus-stack; "release" is not one' }],
    ['a=1,a=2', { ok: false, reason: 'label=value pairs naming each label once; a appears twice' }],
    ['team=R&D', { ok: false, reason: 'label=value pairs separated by commas, e.g. release=kube-prometheus-stack; "team=R&D" is not one' }],
  ])('%j', (text, outcome) => {
    expect(parseLabelList(text)).toEqual(outcome);
  });
});

describe('the render-time query check against promtool', () => {
  const rules = (query: string): unknown =>
    slothRuleGroups({ ...SLO, sli: { errorQuery: query, totalQuery: QUERY } }, { service: 's', labels: {}, periodDays: 30 });

  it.each([
    'sum(rate(x_total{a="((#"}[{{.window}}]))',
    "sum(rate(x_total{a='}'}[{{.window}}]))",
    'sum by (le) (rate(x_bucket{a=~"[a-z]+"}[{{.window}}]))',
    'sum(rate(x_total{a="\\"}\\n"}[{{ .window }}]))',
  ])('accepts what promtool accepts: %s', (query) => {
    expect(queryShapeProblem(query)).toBeUndefined();
    expect(checkRules(rules(query)).status).toBe(0);
  });

  it.each([
    'sum(rate(x_total[{{.window}}])',
    'sum(rate(x_total[{{.window}}])))',
    'sum(x{a="b"]) [{{.window}}]',
    'sum(x{a="b}[{{.window}}])',
    'sum(x{a="b\\q"}[{{.window}}])',
    'sum(rate(x_total[{{.window}}])) / nosuchfunction(x)',
  ])('rejects what promtool rejects: %s', (query) => {
    expect(queryShapeProblem(query)).toBeDefined();
    expect(checkRules(rules(query)).status).not.toBe(0);
  });
});

describe('values that would change the rules', () => {
  const withParameter = (query: string): ObservabilityDeclaration => ({
    slos: [{ ...SLO, sli: { errorQuery: query, totalQuery: QUERY } }],
  });

  it('refuses a parameter value that would widen or break a query', () => {
    const declaration = withParameter('sum(rate(x_total{cell="${cell}"}[{{.window}}]))');
    expect(unsafeQueryParameter(declaration, { cell: 'cell-7' })).toBeUndefined();
    expect(unsafeQueryParameter(declaration, { cell: 42 })).toBeUndefined();
    expect(unsafeQueryParameter(declaration, { cell: 'x",cell!="' })).toBe(
      'parameter "cell" goes into the PromQL query spec.observability.slos[0].sli.errorQuery, so its value must be letters, digits and _ . : / @ + -, got "x\\",cell!=\\""',
    );
    expect(unsafeQueryParameter(declaration, { cell: ['a'] })).toMatch(/^parameter "cell" goes into the PromQL query/);
  });

  it('refuses a description with Go template braces, written or filled in', () => {
    expect(readObservability({ slos: [{ ...SLO, description: 'up {{ $value }}' }] })).toEqual({
      ok: false,
      path: 'spec.observability.slos[0].description',
      problem: "must not contain {{ or }}: it becomes the alerts' summary, which Prometheus reads as a Go template",
    });
    expect(requestMonitoring({ slos: [{ ...SLO, description: 'a }} b' }] }, [deployment([])], CONTEXT)).toEqual({
      ok: false,
      reason:
        'SLO "f1": spec.observability.slos[0].description must not contain {{ or }}: it becomes the alerts\' summary, which Prometheus reads as a Go template (once the parameters are filled in)',
    });
  });
});
