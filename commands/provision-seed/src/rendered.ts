/**
 * What a rendered package says about each request: its template, its O-Cloud, the resources
 * generated for the edge, and the Flux Kustomization that delivers them (from delivery/).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { OCLOUD_LABEL, REQUEST_LABEL, TEMPLATE_ANNOTATION, compareCodePoints } from '@focom/domain';
import { SLO_CONDITION_PREFIX } from '@focom/domain';

type Json = Record<string, unknown>;

export interface RenderedRequest {
  name: string;
  /** The request's namespace on the SMO (its generated folder's parent). */
  namespace: string;
  template: string;
  ocloud: string;
  /** Kind/name of each generated resource, sorted. */
  resources: string[];
  /** Deployments and StatefulSets: namespace/name, what "ready" means on the edge. */
  workloads: { kind: string; namespace: string; name: string; replicas: number }[];
  kustomization?: { namespace: string; name: string };
  /** The request's SLO gate as the Kptfile holds it: `open (FirstDeployment)`, `held (SloInfeasible)`. */
  sloGate?: string;
}

function yamlObjects(dir: string): Json[] {
  if (!existsSync(dir)) return [];
  const out: Json[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const full = join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(name))
        for (const doc of parseAllDocuments(readFileSync(full, 'utf8'))) {
          const value = doc.toJS() as unknown;
          if (value && typeof value === 'object' && !Array.isArray(value)) out.push(value as Json);
        }
    }
  };
  walk(dir);
  return out;
}

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function meta(object: Json): { name: string; namespace: string; labels: Json; annotations: Json } {
  const m = (object.metadata ?? {}) as Json;
  return {
    name: text(m.name),
    namespace: text(m.namespace),
    labels: (m.labels ?? {}) as Json,
    annotations: (m.annotations ?? {}) as Json,
  };
}

/** The requests of a rendered package directory, sorted by namespace and name. */
export function readRendered(pkgDir: string): RenderedRequest[] {
  const requests = new Map<string, RenderedRequest>();
  const generatedRoot = join(pkgDir, 'generated');
  if (existsSync(generatedRoot)) {
    for (const namespace of readdirSync(generatedRoot).sort()) {
      if (!statSync(join(generatedRoot, namespace)).isDirectory()) continue;
      for (const name of readdirSync(join(generatedRoot, namespace)).sort()) {
        const objects = yamlObjects(join(generatedRoot, namespace, name));
        const request: RenderedRequest = { name, namespace, template: '', ocloud: '', resources: [], workloads: [] };
        for (const object of objects) {
          const m = meta(object);
          const kind = text(object.kind);
          request.resources.push(`${kind}/${m.name}`);
          request.template ||= text(m.annotations[TEMPLATE_ANNOTATION]);
          request.ocloud ||= text(m.labels[OCLOUD_LABEL]);
          if (kind === 'Deployment' || kind === 'StatefulSet') {
            const replicas = (object.spec as Json | undefined)?.replicas;
            request.workloads.push({ kind, namespace: m.namespace, name: m.name, replicas: typeof replicas === 'number' ? replicas : 1 });
          }
        }
        request.resources.sort();
        requests.set(`${namespace}/${name}`, request);
      }
    }
  }
  for (const object of yamlObjects(join(pkgDir, 'delivery'))) {
    if (object.kind !== 'Kustomization') continue;
    const m = meta(object);
    const requestName = text(m.labels[REQUEST_LABEL], m.name);
    const match = [...requests.values()].find((r) => r.name === requestName && (r.namespace === m.namespace || m.namespace === ''));
    if (match) match.kustomization = { namespace: m.namespace || 'default', name: m.name };
  }
  for (const [name, gate] of sloGates(pkgDir)) for (const request of requests.values()) if (request.name === name) request.sloGate = gate;
  return [...requests.values()].sort((a, b) => compareCodePoints(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
}

/** Each request's SLO condition in the package's Kptfile, by request name. */
function sloGates(pkgDir: string): Map<string, string> {
  const gates = new Map<string, string>();
  const file = join(pkgDir, 'Kptfile');
  if (!existsSync(file)) return gates;
  const kptfile = parse(readFileSync(file, 'utf8')) as { status?: { conditions?: Json[] } } | null;
  for (const condition of kptfile?.status?.conditions ?? []) {
    const type = text(condition.type);
    if (!type.startsWith(SLO_CONDITION_PREFIX)) continue;
    gates.set(type.slice(SLO_CONDITION_PREFIX.length), `${condition.status === 'True' ? 'open' : 'held'} (${text(condition.reason, '?')})`);
  }
  return gates;
}
