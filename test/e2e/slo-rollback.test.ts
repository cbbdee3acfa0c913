/**
 * Rollback through the whole render, with the real kpt: a site runs `du@v1.1.0`, which burns its
 * error budget, and the package's SloObservation remembers that `du@v1.0.0` ran healthy. With
 * `sloRollback: "true"` in focom-render's functionConfig, one render expands the request with
 * v1.0.0 again (expand and inject decide from the same data, so they agree), reports it, and sets
 * the SLO condition True (RolledBack); rendering again later changes nothing. Off, the render keeps
 * v1.1.0 and the condition is False, naming the version to roll back to. The templates are the
 * package's own (observability declared, as issue 13's templates are); the observation is written
 * here as observe-slos writes it (observe-slos against a real Prometheus is tested elsewhere).
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { observationFileText } from '@focom/observe-slos';
import { REPO_ROOT, run } from '@focom/test-support/kpt';
import { siteObjects } from '@focom/test-support/site-objects';

const GATE = 'slo.focom.nephio.org/v1alpha1.FocomProvisioningRequest.site-a';
const TARGETING = 'focom.nephio.org/v1alpha1.FocomProvisioningRequest.site-a';
const OBSERVED_AT = '2026-05-04T12:00:00.000Z';

function template(version: string, image: string): Record<string, unknown> {
  return {
    apiVersion: 'focom.nephio.org/v1alpha1',
    kind: 'FocomTemplate',
    metadata: { name: `du-${version}`, namespace: 'o2ims', annotations: { 'config.kubernetes.io/local-config': 'true' } },
    spec: {
      templateName: 'du',
      templateVersion: version,
      parameterSchema: { type: 'object', properties: { namespace: { type: 'string', default: 'ran' } } },
      resources: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'du', namespace: '${namespace}' },
          spec: {
            replicas: 3,
            selector: { matchLabels: { app: 'du' } },
            template: {
              metadata: { labels: { app: 'du' } },
              spec: {
                topologySpreadConstraints: [
                  {
                    maxSkew: 1,
                    topologyKey: 'kubernetes.io/hostname',
                    whenUnsatisfiable: 'DoNotSchedule',
                    labelSelector: { matchLabels: { app: 'du' } },
                  },
                ],
                // Restricted Pod Security, which a template's pods must meet in a namespace that declares no level.
                securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
                containers: [
                  {
                    name: 'du',
                    image,
                    ports: [{ name: 'metrics', containerPort: 9464 }],
                    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
                  },
                ],
              },
            },
          },
        },
      ],
      observability: {
        metrics: { port: 'metrics' },
        slos: [
          {
            name: 'availability',
            objective: 99.5,
            description: 'DU requests succeed.',
            sli: {
              errorQuery: 'sum(rate(du_errors_total{namespace="${namespace}"}[{{.window}}]))',
              totalQuery: 'sum(rate(du_requests_total{namespace="${namespace}"}[{{.window}}]))',
            },
          },
        ],
      },
    },
  };
}

/** focom-render with sloRollback on or off, or the three functions with it on inject's step only. */
type Pipeline = 'on' | 'off' | 'inject-only';

function mutators(pipeline: Pipeline): unknown[] {
  if (pipeline !== 'inject-only') return [{ exec: './bin/focom-render', configMap: { sloRollback: String(pipeline === 'on') } }];
  return [
    { exec: './bin/validate-template-params' },
    { exec: './bin/expand-provisioning-request' },
    { exec: './bin/inject-ocloud-targeting', configMap: { sloRollback: 'true' } },
  ];
}

function packageFiles(pipeline: Pipeline): Record<string, string> {
  const docs = (objects: unknown[]): string => objects.map((o) => stringify(o)).join('---\n');
  return {
    Kptfile: stringify({
      apiVersion: 'kpt.dev/v1',
      kind: 'Kptfile',
      metadata: { name: 'site-a', annotations: { 'config.kubernetes.io/local-config': 'true' } },
      pipeline: { mutators: mutators(pipeline) },
    }),
    'templates.yaml': docs([template('v1.0.0', 'du:1.0'), template('v1.1.0', 'du:1.1')]),
    'site.yaml': docs(siteObjects('du@v1.1.0', {}, 'site-a')),
  };
}

/** v1.1.0 burns (a page alert firing, the budget overspent); v1.0.0 ran healthy when last observed. */
const OBSERVATION = observationFileText(undefined, {
  observedAt: OBSERVED_AT,
  source: 'http://prometheus.example:9090',
  requests: [
    {
      request: 'site-a',
      namespace: 'o2ims',
      template: 'du@v1.1.0',
      slos: [{ slo: 'availability', state: 'observed', errorBudgetRemaining: -0.5, currentBurnRate: 20, firingAlerts: ['page', 'ticket'] }],
      previousVersions: [
        {
          template: 'du@v1.0.0',
          observedAt: '2026-05-01T12:00:00.000Z',
          slos: [{ slo: 'availability', state: 'observed', errorBudgetRemaining: 0.9, currentBurnRate: 0.1, firingAlerts: [] }],
        },
      ],
    },
  ],
  canaries: [],
});

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'focom-rollback-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function sitePackage(name: string, pipeline: Pipeline): string {
  const pkg = join(root, name);
  mkdirSync(pkg, { recursive: true });
  for (const [file, text] of Object.entries(packageFiles(pipeline))) writeFileSync(join(pkg, file), text);
  return pkg;
}

/** `kpt fn render` at a given time, from a folder where ./bin resolves to the functions. */
function render(pkg: string, at: string): { status: number; stderr: string } {
  const cwd = join(root, 'cwd');
  mkdirSync(cwd, { recursive: true });
  try {
    symlinkSync(join(REPO_ROOT, 'bin'), join(cwd, 'bin'));
  } catch {
    // already linked
  }
  const outcome = run('kpt', ['fn', 'render', pkg, '--allow-exec'], { cwd, env: { ...process.env, FOCOM_RENDER_TIME: at } });
  return { status: outcome.status, stderr: outcome.stderr };
}

function snapshot(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, snapshot(dir, path));
    else files[path] = readFileSync(join(dir, path), 'utf8');
  }
  return files;
}

function condition(pkg: string, type: string): Record<string, string> | undefined {
  const kptfile = parse(readFileSync(join(pkg, 'Kptfile'), 'utf8')) as { status?: { conditions?: Array<Record<string, string>> } };
  return kptfile.status?.conditions?.find((c) => c.type === type);
}

const gateCondition = (pkg: string): Record<string, string> | undefined => condition(pkg, GATE);

/** The request is still targeted and delivered: its readiness condition True, its Flux Kustomization in place. */
function expectDelivered(pkg: string, template: string): void {
  expect(condition(pkg, TARGETING)).toMatchObject({ status: 'True', reason: 'Ready' });
  expect(condition(pkg, TARGETING)?.message).toContain(`template ${template}`);
  expect(readdirSync(join(pkg, 'delivery', 'o2ims'))).toEqual(['kustomization_site-a.yaml']);
}

function renderedTemplate(pkg: string): string {
  const deployment = parse(readFileSync(join(pkg, 'generated', 'o2ims', 'site-a', 'deployment_du.yaml'), 'utf8')) as {
    metadata: { annotations: Record<string, string> };
  };
  return deployment.metadata.annotations['focom.nephio.org/template'];
}

/** The site as delivered with v1.1.0 (its first deployment), then observed burning. */
function deliveredAndObserved(name: string, pipeline: Pipeline): string {
  const pkg = sitePackage(name, pipeline);
  expect(render(pkg, '2026-05-04T10:00:00Z').status).toBe(0);
  expect(renderedTemplate(pkg)).toBe('du@v1.1.0');
  expect(gateCondition(pkg)).toMatchObject({ status: 'True', reason: 'FirstDeployment' });
  if (!OBSERVATION.ok) throw new Error(OBSERVATION.reason);
  writeFileSync(join(pkg, 'slo-observations.yaml'), OBSERVATION.value);
  return pkg;
}

describe('rollback to the last good version through focom-render', () => {
  it('with sloRollback on, renders v1.0.0 again in the same render, says so, and stays there', () => {
    const pkg = deliveredAndObserved('on', 'on');
    const rendered = render(pkg, '2026-05-04T12:01:00Z');
    expect(rendered.status).toBe(0);
    expect(renderedTemplate(pkg)).toBe('du@v1.0.0');
    expect(readFileSync(join(pkg, 'generated', 'o2ims', 'site-a', 'deployment_du.yaml'), 'utf8')).toContain('image: du:1.0');
    expect(rendered.stderr).toContain('rolled back (SLO gate) from du@v1.1.0, which burns its error budget');
    expect(gateCondition(pkg)).toMatchObject({ status: 'True', reason: 'RolledBack' });
    expect(gateCondition(pkg)?.message).toContain('rolling back to du@v1.0.0: du@v1.1.0 burns its error budget');
    expectDelivered(pkg, 'du@v1.0.0');

    const before = snapshot(pkg);
    expect(render(pkg, '2026-05-04T15:00:00Z').status).toBe(0);
    expect(snapshot(pkg)).toEqual(before);
  });

  it('with sloRollback off, keeps v1.1.0 and holds the site, naming the version to roll back to', () => {
    const pkg = deliveredAndObserved('off', 'off');
    expect(render(pkg, '2026-05-04T12:01:00Z').status).toBe(0);
    expect(renderedTemplate(pkg)).toBe('du@v1.1.0');
    expect(gateCondition(pkg)).toMatchObject({ status: 'False', reason: 'PageAlertFiring' });
    expect(gateCondition(pkg)?.message).toContain('roll back to du@v1.0.0');
    expectDelivered(pkg, 'du@v1.1.0');
  });

  it("with sloRollback on inject's step only, keeps rendering and delivering v1.1.0 and says the rollback is pending", () => {
    const pkg = deliveredAndObserved('inject-only', 'inject-only');
    for (const at of ['2026-05-04T12:01:00Z', '2026-05-04T12:02:00Z']) {
      expect(render(pkg, at).status).toBe(0);
      expect(renderedTemplate(pkg)).toBe('du@v1.1.0');
      expect(gateCondition(pkg)).toMatchObject({ status: 'False', reason: 'RollbackPending' });
      expectDelivered(pkg, 'du@v1.1.0');
    }
    const before = snapshot(pkg);
    expect(render(pkg, '2026-05-04T15:00:00Z').status).toBe(0);
    expect(snapshot(pkg)).toEqual(before);
  });
});
