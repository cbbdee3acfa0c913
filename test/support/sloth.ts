/**
 * Sloth itself (github.com/slok/sloth, built by `libs/cluster-harness/build.sh sloth`): the spec
 * it reads for an SLO, its generated rules, and the promtool unit test written for its output.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { type SloSpec } from '@focom/domain';
import { alertName } from '@focom/observability';
import { REPO_ROOT, run } from './kpt';

/** A promtool unit test written for Sloth's rules for CHECKOUT_REQUESTS (service `checkout`). */
export const ALERT_ONCE_TEST = join(REPO_ROOT, 'test', 'observability', 'fixtures', 'sloth-alert-once.promtool.yaml');

/** The SLO ALERT_ONCE_TEST is written for. */
export const CHECKOUT_REQUESTS: SloSpec = {
  name: 'requests',
  objective: 99.9,
  description: 'Requests served without error',
  sli: {
    errorQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))',
    totalQuery: 'sum(rate(http_requests_total[{{.window}}]))',
  },
};

/** Who an SLO's rules are for, in Sloth's terms: its service, the labels of every rule, the alerts' labels. */
export interface SlothService {
  service: string;
  labels: Record<string, string>;
  alertLabels: Record<string, string>;
}

/**
 * Sloth's `prometheus/v1` spec for the SLOs, with the alert name and summary the project writes
 * (Sloth's `alerting.name` and `alerting.annotations`, which a team sets the same way).
 */
export function slothSpec(target: SlothService, slos: readonly SloSpec[]): unknown {
  return {
    version: 'prometheus/v1',
    service: target.service,
    labels: target.labels,
    slos: slos.map((slo) => ({
      name: slo.name,
      objective: slo.objective,
      description: slo.description,
      sli: { events: { error_query: slo.sli.errorQuery, total_query: slo.sli.totalQuery } },
      alerting: {
        name: alertName(slo),
        labels: target.alertLabels,
        annotations: { summary: `${slo.description} (SLO ${slo.name}, objective ${slo.objective}%)` },
      },
    })),
  };
}

export interface SlothRule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface SlothGroup {
  name: string;
  rules: SlothRule[];
}

/** `sloth generate` on the spec with the SLO period (`30d`, `28d`): the rule groups it writes. */
export function slothGenerate(sloth: string, spec: unknown, period: string): SlothGroup[] {
  const dir = mkdtempSync(join(tmpdir(), 'focom-sloth-'));
  try {
    // Every string quoted, so that it stays a string for Sloth's YAML 1.1 reader (a label value `y`
    // or `on` would be true). Not JSON: Sloth tells spec types apart by YAML lines such as `version:`.
    writeFileSync(join(dir, 'slos.yaml'), stringify(spec, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }));
    const out = run(sloth, ['generate', '-i', 'slos.yaml', '-o', 'rules.yaml', `--default-slo-period=${period}`], { cwd: dir });
    if (out.status !== 0) throw new Error(`sloth generate failed:\n${out.stdout}${out.stderr}`);
    return (parse(readFileSync(join(dir, 'rules.yaml'), 'utf8')) as { groups: SlothGroup[] }).groups;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
