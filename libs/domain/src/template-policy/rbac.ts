import type { KrmObject } from '@focom/krm-runtime';
import { isPlainObject } from '@focom/krm-runtime';
import { type PolicyViolation, pathOf } from './violation';

const RBAC_GROUP = 'rbac.authorization.k8s.io/';

/** Verbs that let a subject grant itself or others more than it has. */
const ESCALATING_VERBS: Readonly<Record<string, string>> = {
  escalate: 'lets the subject grant permissions it does not hold',
  bind: 'lets the subject bind any role, including cluster-admin',
  impersonate: 'lets the subject act as any user, group or service account',
  '*': 'grants every verb, escalate, bind and impersonate included',
};

/**
 * RBAC a template may not generate: a binding to cluster-admin, a rule with an escalating or
 * wildcard verb, a rule on every resource (`*`) or every non-resource URL, and an aggregated
 * ClusterRole (it collects rules from roles the template does not write).
 */
export function rbacViolations(object: KrmObject): PolicyViolation[] {
  if (typeof object.apiVersion !== 'string' || !object.apiVersion.startsWith(RBAC_GROUP)) return [];
  switch (object.kind) {
    case 'ClusterRoleBinding':
    case 'RoleBinding':
      return bindingViolations(object);
    case 'ClusterRole':
    case 'Role':
      return roleViolations(object);
    default:
      return [];
  }
}

function bindingViolations(object: KrmObject): PolicyViolation[] {
  const roleRef = object.roleRef;
  if (isPlainObject(roleRef) && roleRef.kind === 'ClusterRole' && roleRef.name === 'cluster-admin')
    return [{ object, path: 'roleRef.name', message: 'is cluster-admin: its subjects could do anything on the cluster' }];
  return [];
}

function roleViolations(object: KrmObject): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  if (object.aggregationRule !== undefined && object.aggregationRule !== null)
    out.push({
      object,
      path: 'aggregationRule',
      message: 'is set: the role would collect the rules of other roles, which the template does not show',
    });
  const rules = Array.isArray(object.rules) ? (object.rules as unknown[]) : [];
  rules.forEach((rule, r) => {
    if (!isPlainObject(rule)) return;
    stringsAt(rule.verbs).forEach(([verb, v]) => {
      const why = ESCALATING_VERBS[verb];
      if (why !== undefined) out.push({ object, path: pathOf('rules', r, 'verbs', v), message: `is "${verb}": ${why}` });
    });
    for (const field of ['resources', 'nonResourceURLs'] as const)
      stringsAt(rule[field]).forEach(([value, i]) => {
        if (value === '*')
          out.push({
            object,
            path: pathOf('rules', r, field, i),
            message: `is "*": the rule covers every ${field === 'resources' ? 'resource' : 'URL'}`,
          });
      });
  });
  return out;
}

function stringsAt(value: unknown): Array<[string, number]> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, i): Array<[string, number]> => (typeof item === 'string' ? [[item, i]] : []));
}
