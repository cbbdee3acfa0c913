import type { KrmObject } from '@focom/krm-runtime';
import { getPath } from '@focom/krm-runtime';
import { type Result, errorResult } from '@focom/krm-runtime';
import type { PolicyViolation } from './violation';

/**
 * A violation as a kpt error on the generated object (it is not written: `file` is where it would
 * have gone), naming the template and the request, and how an operator may allow it.
 */
export function violationResult(violation: PolicyViolation, template: string, request: string, file: string): Result {
  const { object } = violation;
  const kind = typeof object.kind === 'string' ? object.kind : 'object';
  const name = getPath(object, 'metadata', 'name');
  const namespace = getPath(object, 'metadata', 'namespace');
  const at = template.lastIndexOf('@');
  const templateName = at > 0 ? template.slice(0, at) : template;
  const message =
    `${violation.message}; template "${template}" generates this ${kind} for request "${request}", which is not expanded ` +
    `(templates are untrusted: an operator may allow it with templateAllowKinds: ${kind}${namespaceHint(violation, object)}, or trustedTemplates: ${templateName})`;
  return errorResult(
    message,
    {
      resourceRef: {
        apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : '',
        kind,
        name: typeof name === 'string' ? name : '',
        ...(typeof namespace === 'string' && namespace !== '' ? { namespace } : {}),
      },
      file: { path: file },
    },
    { path: violation.path },
  );
}

function namespaceHint(violation: PolicyViolation, object: KrmObject): string {
  const target =
    violation.path === 'metadata.namespace'
      ? getPath(object, 'metadata', 'namespace')
      : violation.path === 'metadata.name'
        ? getPath(object, 'metadata', 'name')
        : undefined;
  return typeof target === 'string' && target !== '' ? `, templateAllowNamespaces: ${target}` : '';
}
