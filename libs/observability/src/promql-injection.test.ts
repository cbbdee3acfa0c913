/**
 * Names and values never become PromQL or Go-template syntax in the rules the render writes. A
 * request name holding `"`, `}` or `{{ .Value }}` once landed inside the label matchers of the
 * alerts' expressions, where promtool accepted it and the alert silently matched another series.
 * Here the rule generation is given hostile strings directly (defence in depth: the functions
 * refuse most such names before they get here). Either it refuses them naming the field, or every
 * expression it writes parses with Prometheus's own grammar and its SLO selectors read back,
 * unescaped by PromQL's rules, as exactly the intended values; and alert labels and annotations
 * hold the values as Go-template text. promtool fires the alerts on the right series and expands
 * the templates to the values.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import fc from 'fast-check';
import { type AlertingRule, type RecordingRule, alertName, slothId } from '.';
import { type SloSpec, type SloTarget } from '@focom/domain';
import { checkedSlothRuleGroups, goTemplateText } from './sloth-rules';
import { promqlString } from '@focom/domain';
import { checkRules, testRules } from '@focom/test-support/promtool';

const QUERY = { errorQuery: 'sum(rate(x_failed_total[{{.window}}]))', totalQuery: 'sum(rate(x_total[{{ .window }}]))' };

/** A double-quoted PromQL string as Go's strconv.Unquote reads it, for the escapes a careful writer uses; anything else throws. */
function goUnquote(literal: string): string {
  if (literal.length < 2 || !literal.startsWith('"') || !literal.endsWith('"')) throw new Error(`not a double-quoted string: ${literal}`);
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '"' || body[i] === '\n') throw new Error(`raw ${JSON.stringify(body[i])} inside ${literal}`);
    if (body[i] !== '\\') {
      out += body[i];
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', r: '\r', t: '\t' };
    if (simple[e] !== undefined) out += simple[e];
    else if (e === 'x' && /^[0-7][0-9a-f]$/.test(body.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else throw new Error(`unexpected escape \\${e} in ${literal}`);
  }
  return out;
}

interface Selector {
  metric: string;
  matchers: Array<[string, string, string]>;
}

/** Parses `expr` (no error node allowed) and reads every vector selector's metric and label matchers. */
function selectorsOf(expr: string): Selector[] {
  const tree = parser.parse(expr);
  const errors: number[] = [];
  const selectors: Selector[] = [];
  const text = (node: SyntaxNode): string => expr.slice(node.from, node.to);
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) errors.push(ref.from);
      if (ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const metric = node.getChild('Identifier');
      const matchers: Selector['matchers'] = [];
      for (const matcher of node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? [])
        matchers.push([
          text(matcher.getChild('LabelName')!),
          text(matcher.getChild('MatchOp')!),
          goUnquote(text(matcher.getChild('StringLiteral')!)),
        ]);
      expect(node.getChild('LabelMatchers')?.getChildren('QuotedLabelMatcher') ?? []).toEqual([]);
      selectors.push({ metric: metric ? text(metric) : '', matchers });
    },
  });
  if (errors.length > 0) throw new Error(`${JSON.stringify(expr)} does not parse (error at ${errors.join(', ')})`);
  return selectors;
}

/** What Go's text/template prints for `text` when its only actions are `{{"{"}}`; throws if another action could start. */
function templateValue(text: string): string {
  const pieces = text.split('{{"{"}}');
  pieces.forEach((piece, index) => {
    if (piece.includes('{{')) throw new Error(`${JSON.stringify(text)} starts a template action`);
    if (index < pieces.length - 1 && piece.endsWith('{')) throw new Error(`${JSON.stringify(text)} has a "{" before an action`);
  });
  return pieces.join('{');
}

const LONE_SURROGATE = /\p{Surrogate}/u;

const FRAGMENTS = [
  '"',
  '\\',
  '{',
  '}',
  '{{',
  '}}',
  '{{ .Value }}',
  '{{ $labels.sloth_id }}',
  '{{"{"}}',
  "'",
  '`',
  ',',
  '=~',
  '!=',
  '#',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u007f',
  '\u2028',
  'é',
  '😀',
  '\ud800',
  ' ',
  'x',
  '-',
  'sloth_slo',
  '(',
  ')',
  '[',
  ']',
];
const hostile = fc.oneof(
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 8 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.constantFrom('edge-5g', 'x", sloth_slo!="', '{{ .Value }}', 'a"} or vector(1) #'),
);

describe('rules for hostile names and values', () => {
  it('are refused naming the field, or hold every value as data (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          service: hostile,
          slo: hostile,
          request: hostile,
          ocloud: hostile,
          template: hostile,
          description: hostile,
          alertName: fc.option(fc.constant('HostileSLOBurnRate'), { nil: undefined }),
        }),
        (v) => {
          const spec: SloSpec = { name: v.slo, objective: 99.9, description: v.description, sli: QUERY };
          if (v.alertName) spec.alertName = v.alertName;
          const target: SloTarget = {
            service: v.service,
            labels: { focom_request: v.request, focom_ocloud: v.ocloud },
            versionLabels: { focom_template: v.template },
            periodDays: 30,
          };
          const outcome = checkedSlothRuleGroups(spec, target);
          const fields: Array<[string, string]> = [
            ['the service (sloth_service)', v.service],
            ['the SLO name (sloth_slo)', v.slo],
            ['label focom_request', v.request],
            ['label focom_ocloud', v.ocloud],
            ['label focom_template', v.template],
            ['the description', v.description],
          ];
          const unencodable = fields.find(([, value]) => LONE_SURROGATE.test(value));
          if (unencodable) {
            expect(outcome.ok).toBe(false);
            if (!outcome.ok) expect(outcome.reason.startsWith(`${unencodable[0]} `)).toBe(true);
            return;
          }
          if (!/^[A-Za-z_:][A-Za-z0-9_:]*$/.test(alertName(spec))) {
            expect(outcome.ok).toBe(false);
            if (!outcome.ok) expect(outcome.reason).toMatch(/^the alert name .* is not a Prometheus alert name; set alertName$/s);
            return;
          }
          if (!outcome.ok) throw new Error(outcome.reason);
          const intended: Selector['matchers'] = [
            ['sloth_id', '=', slothId(v.service, v.slo)],
            ['sloth_service', '=', v.service],
            ['sloth_slo', '=', v.slo],
          ];
          const rules = outcome.value.flatMap((g) => g.rules);
          expect(rules).toHaveLength(17);
          for (const rule of rules) {
            const selectors = selectorsOf(rule.expr);
            for (const selector of selectors.filter((s) => s.metric.startsWith('slo:'))) expect(selector.matchers).toEqual(intended);
            if ('alert' in rule) {
              const alert: AlertingRule = rule;
              expect(selectors.filter((s) => s.metric.startsWith('slo:'))).toHaveLength(4);
              const { sloth_severity: severity, ...labels } = alert.labels;
              expect(['page', 'ticket']).toContain(severity);
              for (const [name, value] of Object.entries(labels)) labels[name] = templateValue(value);
              expect(labels).toEqual({
                focom_request: v.request,
                focom_ocloud: v.ocloud,
                focom_template: v.template,
              });
              expect(templateValue(alert.annotations.summary)).toBe(`${v.description} (SLO ${v.slo}, objective 99.9%)`);
            } else {
              const recording: RecordingRule = rule;
              expect(recording.labels).toMatchObject({ sloth_id: slothId(v.service, v.slo), sloth_service: v.service, sloth_slo: v.slo });
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes label values as PromQL strings with Go escapes, and braces as Go-template text', () => {
    expect(promqlString('x", sloth_slo!="')).toBe('"x\\", sloth_slo!=\\""');
    expect(promqlString('a\\b\nc\u0001\u007fé')).toBe('"a\\\\b\\nc\\x01\\x7fé"');
    expect(goTemplateText('{{ .Value }}')).toBe('{{"{"}}{{"{"}} .Value }}');
    expect(goTemplateText('{}}{{')).toBe('{{"{"}}}}{{"{"}}{{"{"}}');
    expect(goTemplateText('plain {brace}')).toBe('plain {brace}');
  });
});

describe('rules for hostile names, by promtool', () => {
  const service = 'edge", sloth_slo!="x {{ .Value }}';
  const slo = 'slo"}\n{{ $labels.sloth_id }}';
  const labels = { focom_request: service, focom_ocloud: '{{ printf "%s" "pwned" }}' };
  const versionLabels = { focom_template: 'tpl@v1}}{{' };
  const spec: SloSpec = {
    name: slo,
    objective: 99.9,
    description: 'Hostile {{ .Value }} text',
    sli: QUERY,
    alertName: 'HostileSLOBurnRate',
  };
  const outcome = checkedSlothRuleGroups(spec, { service, labels, versionLabels, periodDays: 30 });
  if (!outcome.ok) throw new Error(outcome.reason);
  const groups = outcome.value;

  it('pass promtool check rules', () => {
    expect(checkRules(groups)).toEqual({ status: 0, output: expect.stringContaining('SUCCESS: 17 rules found') as unknown });
  });

  it('fire on the series of this SLO with the names as written (promtool test rules)', () => {
    const firing = (severity: string): unknown => ({
      exp_labels: {
        ...labels,
        ...versionLabels,
        sloth_id: slothId(service, slo),
        sloth_service: service,
        sloth_slo: slo,
        sloth_severity: severity,
      },
      exp_annotations: {
        summary: `Hostile {{ .Value }} text (SLO ${slo}, objective 99.9%)`,
        title: `(${severity}) ${service} ${slo} SLO error budget burn rate is too fast.`,
      },
    });
    const result = testRules(groups, [
      {
        interval: '1m',
        input_series: [
          { series: 'x_failed_total', values: '0+60x90' },
          { series: 'x_total', values: '0+60x90' },
        ],
        alert_rule_test: [{ eval_time: '65m', alertname: 'HostileSLOBurnRate', exp_alerts: [firing('page'), firing('ticket')] }],
      },
    ]);
    expect(result).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') as unknown });
  });
});
