/** A KRM function result, as the KRM functions specification defines it. */
export type Severity = 'error' | 'warning' | 'info';

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface FieldRef {
  path: string;
  currentValue?: unknown;
  proposedValue?: unknown;
}

export interface FileRef {
  path: string;
  index?: number;
}

export interface Result {
  message: string;
  severity: Severity;
  resourceRef?: ResourceRef;
  field?: FieldRef;
  file?: FileRef;
  tags?: Record<string, string>;
}

/** What a result is about: an object (and optionally one of its fields). */
export interface Subject {
  resourceRef?: ResourceRef;
  file?: FileRef;
}

export function errorResult(message: string, subject: Subject = {}, field?: FieldRef): Result {
  return makeResult('error', message, subject, field);
}

export function warningResult(message: string, subject: Subject = {}, field?: FieldRef): Result {
  return makeResult('warning', message, subject, field);
}

export function infoResult(message: string, subject: Subject = {}, field?: FieldRef): Result {
  return makeResult('info', message, subject, field);
}

function makeResult(severity: Severity, message: string, subject: Subject, field?: FieldRef): Result {
  const result: Result = { message, severity };
  if (subject.resourceRef) result.resourceRef = subject.resourceRef;
  if (field) result.field = field;
  if (subject.file) result.file = subject.file;
  return result;
}

export function hasErrors(results: readonly Result[]): boolean {
  return results.some((r) => r.severity === 'error');
}

/** Exit code 1 if and only if an error result exists. */
export function exitCodeOf(results: readonly Result[]): number {
  return hasErrors(results) ? 1 : 0;
}

export function countBySeverity(results: readonly Result[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const r of results) counts[r.severity] += 1;
  return counts;
}

/** One line a person can read, for stderr (inside Porch this text is all the user sees). */
export function formatResultLine(result: Result): string {
  const parts: string[] = [`[${result.severity}]`];
  const ref = result.resourceRef;
  if (ref) parts.push(`${ref.kind}/${ref.name}${ref.namespace ? ` (namespace ${ref.namespace})` : ''}`);
  const path = result.field?.path;
  if (path && !result.message.startsWith(path)) parts.push(`${path}:`);
  else if (ref) parts[parts.length - 1] += ':';
  parts.push(result.message);
  if (result.file?.path) parts.push(`[${result.file.path}${result.file.index !== undefined ? `#${result.file.index}` : ''}]`);
  return parts.join(' ');
}
