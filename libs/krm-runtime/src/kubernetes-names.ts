/**
 * Kubernetes' rules for names, written once: the regular expressions and lengths of
 * apimachinery's validation functions (k8s.io/apimachinery/pkg/util/validation: IsDNS1123Label,
 * IsDNS1123Subdomain, IsValidLabelValue, IsQualifiedName), which the API server applies to object
 * names, label keys and values and annotation keys, and metav1.Condition's rule for condition
 * types. Each check returns what is wrong, in words, or undefined when the value is valid.
 */
import { createHash } from 'node:crypto';

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;
export const QUALIFIED_NAME_MAX = 63;
/** metav1.Condition's `type`: `+kubebuilder:validation:MaxLength=316`. */
export const CONDITION_TYPE_MAX = 316;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** The name part of a qualified name, and a label value (which may also be empty). */
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export type NameRule = 'dns1123-label' | 'dns1123-subdomain' | 'label-value' | 'qualified-name' | 'condition-type';

/** The rules in words, for messages. */
export const NAME_RULES: Record<NameRule, string> = {
  'dns1123-label': `a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most ${DNS1123_LABEL_MAX} characters)`,
  'dns1123-subdomain': `a DNS-1123 subdomain (dot-separated DNS-1123 labels, at most ${DNS1123_SUBDOMAIN_MAX} characters)`,
  'label-value': `a label value (empty, or letters, digits, "-", "_" and "." starting and ending with a letter or digit, at most ${LABEL_VALUE_MAX} characters)`,
  'qualified-name': `a qualified name (an optional DNS-1123 subdomain prefix and "/", then letters, digits, "-", "_" and "." starting and ending with a letter or digit, at most ${QUALIFIED_NAME_MAX} characters)`,
  'condition-type': `a condition type (a qualified name whose name part may be longer than ${QUALIFIED_NAME_MAX}, at most ${CONDITION_TYPE_MAX} characters)`,
};

function tooLong(value: string, max: number): string | undefined {
  return value.length > max ? `has ${value.length} characters, more than ${max}` : undefined;
}

export function dns1123LabelProblem(value: string): string | undefined {
  return tooLong(value, DNS1123_LABEL_MAX) ?? (DNS1123_LABEL.test(value) ? undefined : `is not ${NAME_RULES['dns1123-label']}`);
}

export function dns1123SubdomainProblem(value: string): string | undefined {
  return tooLong(value, DNS1123_SUBDOMAIN_MAX) ?? (DNS1123_SUBDOMAIN.test(value) ? undefined : `is not ${NAME_RULES['dns1123-subdomain']}`);
}

export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  return tooLong(value, LABEL_VALUE_MAX) ?? (QUALIFIED_NAME_PART.test(value) ? undefined : `is not ${NAME_RULES['label-value']}`);
}

/** A label key or annotation key: `[prefix/]name`. */
export function qualifiedNameProblem(value: string): string | undefined {
  return prefixedProblem(value, QUALIFIED_NAME_MAX, 'qualified-name');
}

/** A condition type as metav1.Condition validates it. */
export function conditionTypeProblem(value: string): string | undefined {
  return tooLong(value, CONDITION_TYPE_MAX) ?? prefixedProblem(value, CONDITION_TYPE_MAX, 'condition-type');
}

function prefixedProblem(value: string, nameMax: number, rule: NameRule): string | undefined {
  const parts = value.split('/');
  if (parts.length > 2) return `is not ${NAME_RULES[rule]}: it has more than one "/"`;
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '') return `is not ${NAME_RULES[rule]}: the prefix before "/" is empty`;
    const problem = dns1123SubdomainProblem(prefix);
    if (problem) return `is not ${NAME_RULES[rule]}: its prefix ${problem}`;
  }
  if (name.length > nameMax) return `is not ${NAME_RULES[rule]}: its name part has ${name.length} characters, more than ${nameMax}`;
  return QUALIFIED_NAME_PART.test(name) ? undefined : `is not ${NAME_RULES[rule]}`;
}

/** What a value must be, checked. */
export function nameProblem(rule: NameRule, value: string): string | undefined {
  switch (rule) {
    case 'dns1123-label':
      return dns1123LabelProblem(value);
    case 'dns1123-subdomain':
      return dns1123SubdomainProblem(value);
    case 'label-value':
      return labelValueProblem(value);
    case 'qualified-name':
      return qualifiedNameProblem(value);
    case 'condition-type':
      return conditionTypeProblem(value);
  }
}

/** The hex characters of sha256 a shortened name ends with. */
export const SHORTENED_HASH_LENGTH = 10;

/**
 * `name` itself when it has at most `max` characters; otherwise its first
 * `max - 11` characters, with trailing characters other than letters and digits dropped, then
 * "-" and the first 10 hex characters of the sha256 of the whole name. Deterministic, at most
 * `max` characters, and ending with a letter or digit; a DNS-1123 subdomain (or label value)
 * stays one, so names that fit are used unchanged and longer ones stay apart by their hash.
 */
export function shortenedName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, SHORTENED_HASH_LENGTH);
  const head = name.slice(0, Math.max(0, max - SHORTENED_HASH_LENGTH - 1)).replace(/[^A-Za-z0-9]+$/, '');
  return head === '' ? hash : `${head}-${hash}`;
}

/** A DNS-1123 subdomain as a label value: unchanged up to 63 characters, else shortened with a hash. */
export function labelValueOf(name: string): string {
  return shortenedName(name, LABEL_VALUE_MAX);
}
