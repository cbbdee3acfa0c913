/**
 * The main command (`npm start`): renders an example package with the real kpt into out/
 * (the source package is left alone) and prints, per request, its template, O-Cloud,
 * resources and readiness. It writes and removes only an out/<name>/ folder it made itself
 * (output-folder.ts); every problem is one line on stderr and exit code 1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { CONDITION_PREFIX, SLO_CONDITION_PREFIX } from '@focom/domain';
import {
  PREVIOUS_TEMPLATE_ANNOTATION,
  TEMPLATE_ANNOTATION,
  TEMPLATE_CHANGE_ANNOTATION,
  changeVerb,
  parseTemplateLabel,
} from '@focom/domain';
import { lookOnDisk, packageFolder, planOutput, prepareOutput } from './output-folder';

const ROOT = realpathSync(resolve(__dirname, '..'));

function main(): number {
  const source = process.argv[2] ?? 'packages/examples/seed-edge';
  const folder = packageFolder(source, ROOT);
  const plan = folder.ok ? planOutput(folder.value, ROOT, lookOnDisk) : folder;
  if (!plan.ok) {
    process.stderr.write(`npm start: ${plan.reason}\n`);
    return 1;
  }
  const out = plan.value.shown;
  if (spawnSync('kpt', ['version'], { encoding: 'utf8' }).status !== 0) {
    process.stderr.write(
      'kpt is not on PATH: put the kpt v1 binary for your platform from https://github.com/kptdev/kpt/releases on PATH (README.md, Quick start).\n',
    );
    return 1;
  }
  const prepared = prepareOutput(plan.value, ROOT);
  if (!prepared.ok) {
    process.stderr.write(`npm start: ${prepared.reason}\n`);
    return 1;
  }
  const render = spawnSync('kpt', ['fn', 'render', out, '--allow-exec', '--truncate-output=false'], { cwd: ROOT, encoding: 'utf8' });
  if (render.status !== 0) {
    process.stderr.write(`${render.stderr}\nkpt fn render ${out} failed; the results above name each problem.\n`);
    return 1;
  }
  const { rows, changes } = table(join(ROOT, out));
  const notes = changes.length > 0 ? `\n${changes.join('\n')}\n` : '';
  process.stdout.write(`Rendered ${source} into ${out}/\n\n${rows}\n${notes}`);
  return 0;
}

interface Row {
  request: string;
  template: string;
  previous: string;
  ocloud: string;
  resources: string;
  ready: string;
  slo: string;
}

/** The table, and one line per request whose template version changed: what the change did. */
function table(pkg: string): { rows: string; changes: string[] } {
  const kptfile = parse(readFileSync(join(pkg, 'Kptfile'), 'utf8')) as { status?: { conditions?: Array<Record<string, string>> } };
  const rows: Row[] = [];
  const changes: string[] = [];
  const sloGates = new Map(
    (kptfile.status?.conditions ?? [])
      .filter((c) => c.type?.startsWith(SLO_CONDITION_PREFIX))
      .map((c) => [c.type.slice(SLO_CONDITION_PREFIX.length), c]),
  );
  for (const condition of kptfile.status?.conditions ?? []) {
    if (!condition.type?.startsWith(CONDITION_PREFIX)) continue;
    const request = condition.type.slice(CONDITION_PREFIX.length);
    const files = generatedFiles(pkg, request);
    const first = files[0] ? firstObject(files[0]) : undefined;
    const template = first?.metadata?.annotations?.[TEMPLATE_ANNOTATION];
    const change = first?.metadata?.annotations?.[TEMPLATE_CHANGE_ANNOTATION];
    if (change !== undefined) changes.push(`${request}: ${change}`);
    rows.push({
      request,
      template: template ?? '-',
      previous: previousTemplate(template, first?.metadata?.annotations?.[PREVIOUS_TEMPLATE_ANNOTATION]),
      ocloud: first?.metadata?.annotations?.['focom.nephio.org/ocloud'] ?? '-',
      resources: String(files.length),
      ready: condition.status === 'True' ? 'yes' : `no: ${condition.message}`,
      slo: sloColumn(sloGates.get(request)),
    });
  }
  const header: Row = {
    request: 'REQUEST',
    template: 'TEMPLATE',
    previous: 'UPGRADED FROM',
    ocloud: 'O-CLOUD',
    resources: 'RESOURCES',
    ready: 'READY',
    slo: 'SLO GATE',
  };
  const columns = Object.keys(header) as Array<keyof Row>;
  const widths = columns.map((c) => Math.max(...[header, ...rows].map((r) => r[c].length)));
  const text = [header, ...rows]
    .map((r) =>
      columns
        .map((c, i) => r[c].padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
  return { rows: text, changes };
}

/** The SLO gate's verdict: `open (FirstDeployment)`, `held (PageAlertFiring)`, or `-` without a gate. */
function sloColumn(condition: Record<string, string> | undefined): string {
  if (!condition) return '-';
  return `${condition.status === 'True' ? 'open' : 'held'} (${condition.reason})`;
}

/** What the request's template was before its last version change: `v1.0.0`, `v1.1.0 (downgrade)`, or `-`. */
function previousTemplate(template: string | undefined, previous: string | undefined): string {
  if (template === undefined || previous === undefined) return '-';
  const verb = changeVerb({ from: previous, to: template, now: false });
  const shown =
    parseTemplateLabel(previous).name === parseTemplateLabel(template).name ? (parseTemplateLabel(previous).version ?? previous) : previous;
  return verb === 'upgraded' ? shown : `${shown} (${verb === 'downgraded' ? 'downgrade' : 'another template'})`;
}

function generatedFiles(pkg: string, request: string): string[] {
  const base = join(pkg, 'generated');
  if (!existsSync(base)) return [];
  for (const namespace of readdirSync(base).sort()) {
    const dir = join(base, namespace, request);
    if (existsSync(dir))
      return readdirSync(dir)
        .sort()
        .map((f) => join(dir, f));
  }
  return [];
}

function firstObject(file: string): { metadata?: { annotations?: Record<string, string> } } | undefined {
  return parseAllDocuments(readFileSync(file, 'utf8'))[0]?.toJS() as { metadata?: { annotations?: Record<string, string> } } | undefined;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
