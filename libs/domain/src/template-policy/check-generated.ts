import type { KrmObject } from '@focom/krm-runtime';
import { getPath } from '@focom/krm-runtime';
import { type TemplateAllowList, isTrustedTemplate } from './allow-list';
import { ENFORCE_LABEL, isNamespaceObject, namespaceViolations, ownedNamespace } from './namespaces';
import { type PodSecurityLevel, podSecurityProblems } from './pod-security';
import { podTemplateOf } from './pod-templates';
import { rbacViolations } from './rbac';
import type { PolicyViolation } from './violation';

const LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

/**
 * What a template generated that it may not: templates are untrusted. Every object is checked
 * for RBAC escalation, for the namespace it goes into (only the one the request owns, see
 * ownedNamespace) and, when it runs pods, against the Pod Security level the generated Namespace
 * object declares for its namespace (restricted when it declares none, or is not generated).
 * `allow` widens this explicitly: kinds and templates it names are not checked, namespaces it
 * names may be written to.
 */
export function checkGeneratedObjects(
  template: string,
  objects: readonly KrmObject[],
  parameters: Record<string, unknown>,
  allow: TemplateAllowList,
): PolicyViolation[] {
  if (isTrustedTemplate(allow, template)) return [];
  const owned = ownedNamespace(parameters);
  const levels = declaredLevels(objects);
  return objects.flatMap((object) => {
    if (typeof object.kind === 'string' && allow.kinds.includes(object.kind)) return [];
    const violations = [...namespaceViolations(object, owned, allow), ...rbacViolations(object)];
    const pod = podTemplateOf(object);
    if (pod) {
      const namespace = getPath(object, 'metadata', 'namespace');
      const level = (typeof namespace === 'string' ? levels.get(namespace) : undefined) ?? 'restricted';
      for (const problem of podSecurityProblems(pod, level))
        violations.push({ object, path: problem.path, message: `${problem.message} (Pod Security level ${level})` });
    }
    return violations;
  });
}

/** The level each generated Namespace object enforces; a value that is not a level counts as restricted. */
function declaredLevels(objects: readonly KrmObject[]): Map<string, PodSecurityLevel> {
  const levels = new Map<string, PodSecurityLevel>();
  for (const object of objects) {
    const name = getPath(object, 'metadata', 'name');
    if (!isNamespaceObject(object) || typeof name !== 'string') continue;
    const level = getPath(object, 'metadata', 'labels', ENFORCE_LABEL);
    levels.set(name, LEVELS.find((l) => l === level) ?? 'restricted');
  }
  return levels;
}
