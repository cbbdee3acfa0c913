import type { KrmObject } from '@focom/krm-runtime';
import { getPath } from '@focom/krm-runtime';
import type { TemplateAllowList } from './allow-list';
import { type PolicyViolation, pathOf } from './violation';

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** The Pod Security levels a template may declare on the namespace its request owns. */
const DECLARABLE_LEVELS = ['baseline', 'restricted'];

/** Cluster-scoped kinds a template may generate without an allow-list (the RBAC check covers the last two). */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

/** Namespaces no request owns: the cluster's own and the one objects land in when they name none. */
export function isReservedNamespace(name: string): boolean {
  return name === 'default' || name.startsWith('kube-');
}

/**
 * The namespace a request owns: the one its `namespace` parameter names (every library template
 * puts its objects in `${namespace}`), unless it is reserved. A request without one owns none.
 */
export function ownedNamespace(parameters: Record<string, unknown>): string | undefined {
  const named = parameters.namespace;
  return typeof named === 'string' && named !== '' && !isReservedNamespace(named) ? named : undefined;
}

export function isNamespaceObject(object: KrmObject): boolean {
  return object.apiVersion === 'v1' && object.kind === 'Namespace';
}

/**
 * Where a generated object may go: a Namespace object only for the owned namespace, every
 * namespaced object into the owned namespace (or an allow-listed one), and no other
 * cluster-scoped kind. The owned namespace may declare baseline or restricted, never privileged.
 */
export function namespaceViolations(object: KrmObject, owned: string | undefined, allow: TemplateAllowList): PolicyViolation[] {
  const allowed = (name: string): boolean => name === owned || allow.namespaces.includes(name);
  const metadataNamespace = getPath(object, 'metadata', 'namespace');
  if (isNamespaceObject(object)) {
    const name = getPath(object, 'metadata', 'name');
    if (typeof name !== 'string') return [];
    if (!allowed(name)) return [{ object, path: 'metadata.name', message: outside(name, owned, 'a Namespace object for it') }];
    const level = getPath(object, 'metadata', 'labels', ENFORCE_LABEL);
    if (level !== undefined && !(typeof level === 'string' && DECLARABLE_LEVELS.includes(level)) && !allow.namespaces.includes(name))
      return [
        {
          object,
          path: pathOf('metadata', 'labels', ENFORCE_LABEL),
          message: `is ${JSON.stringify(level)}: a template may declare only ${DECLARABLE_LEVELS.join(' or ')} (allow-list the namespace to declare another level)`,
        },
      ];
    return [];
  }
  if (typeof metadataNamespace === 'string' && metadataNamespace !== '') {
    if (allowed(metadataNamespace)) return [];
    return [{ object, path: 'metadata.namespace', message: outside(metadataNamespace, owned, 'objects in it') }];
  }
  if (typeof object.kind === 'string' && CLUSTER_SCOPED.has(object.kind)) return [];
  return [
    {
      object,
      path: 'metadata.namespace',
      message: `is not set: the object would land in whatever namespace its applier defaults to (${owned ? `set it to ${owned}, the namespace the request owns` : 'the request owns none'}); a cluster-scoped kind needs the kind allow-listed`,
    },
  ];
}

function outside(name: string, owned: string | undefined, what: string): string {
  const reserved = isReservedNamespace(name) ? `a namespace of the cluster itself, which no request owns` : undefined;
  const ownedText = owned ? `the request owns only ${owned}` : 'the request owns no namespace (its parameters name none)';
  return `is ${name}: ${reserved ?? ownedText}, so a template may not generate ${what}`;
}
