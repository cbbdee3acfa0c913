import { type Outcome, fail, succeed } from '@focom/krm-runtime';

/**
 * What the operator lets templates generate beyond the safe defaults (the functionConfig of
 * expand-provisioning-request). Empty lists: every template is untrusted and fully checked.
 */
export interface TemplateAllowList {
  /** Kinds whose generated objects are not checked at all (e.g. `ClusterRoleBinding`, `DaemonSet`). */
  kinds: readonly string[];
  /** Namespaces a template may write objects into or generate a Namespace for, besides the one its request owns (even `kube-system`). */
  namespaces: readonly string[];
  /** Templates (`name`, or `name@version`) whose objects are not checked at all. */
  templates: readonly string[];
}

export const EMPTY_ALLOW_LIST: TemplateAllowList = { kinds: [], namespaces: [], templates: [] };

const KIND = /^[A-Z][A-Za-z0-9]*$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const TEMPLATE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(@[0-9A-Za-z.+-]+)?$/;

function listOf(text: string, pattern: RegExp, what: string): Outcome<string[]> {
  const items = text.trim() === '' ? [] : text.split(',').map((item) => item.trim());
  const bad = items.find((item) => !pattern.test(item));
  if (bad !== undefined) return fail(`${what} separated by commas; ${JSON.stringify(bad)} is not one`);
  return succeed([...new Set(items)].sort());
}

export const parseKindList = (text: string): Outcome<string[]> => listOf(text, KIND, 'Kubernetes kinds (e.g. ClusterRoleBinding)');
export const parseNamespaceList = (text: string): Outcome<string[]> => listOf(text, NAMESPACE, 'namespace names (DNS-1123 labels)');
export const parseTemplateList = (text: string): Outcome<string[]> =>
  listOf(text, TEMPLATE, 'template names, each optionally with @version (e.g. 5g-upf or 5g-upf@v1.1.0)');

/** Whether `label` (`name@version` or `name`) is a template the operator trusts. */
export function isTrustedTemplate(allow: TemplateAllowList, label: string): boolean {
  const at = label.lastIndexOf('@');
  const name = at > 0 ? label.slice(0, at) : label;
  return allow.templates.includes(label) || allow.templates.includes(name);
}
