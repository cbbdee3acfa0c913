import type { KrmItem } from '@focom/krm-runtime';
import { type Result, errorResult, warningResult } from '@focom/krm-runtime';
import { CRD_FIELDS } from './crd-fields';
import { type UnknownField, unknownFields } from './field-tree';
import type { Dialect } from './model';

/**
 * The fields of a FoCoM resource that its CRD (packages/crds) does not declare, as kubectl's
 * strict field validation names them. The functions read only declared fields, so the value of
 * an unknown one is lost: `paramters:` would leave the TemplateInfo's values in force.
 *
 * Seed dialect: an error. It is this project's own resource, and a cluster with its CRDs refuses
 * the field under strict field validation (kubectl's default).
 * Upstream dialect: an error when the field is a near miss of a declared one (its value was meant
 * for a field the functions read); otherwise a warning, since upstream FoCoM's CRD may have grown
 * the field since this project copied it, and its operator prunes what it does not know.
 * Free-form objects (parameters, templateParameters) are the template schema's to check.
 */
export function unknownFieldResults(item: KrmItem, dialect: Dialect | undefined): Result[] {
  const tree = CRD_FIELDS[`${item.group}/${item.kind}`];
  if (!tree) return [];
  return unknownFields(item.object, tree).map((field) => {
    const seed = dialect !== 'upstream';
    const message = describe(item.kind, field, seed);
    const report = seed || field.suggestion !== undefined ? errorResult : warningResult;
    return report(message, item.subject, { path: field.path });
  });
}

function describe(kind: string, field: UnknownField, seed: boolean): string {
  const parent = field.path.includes('.') ? ` ${field.path.slice(0, field.path.lastIndexOf('.'))}` : '';
  const where = `${seed ? '' : "upstream FoCoM's "}${kind}${parent}`;
  const hint = field.suggestion !== undefined ? `did you mean "${field.suggestion}"?` : `its fields are ${field.known.join(', ')}.`;
  const effect = seed
    ? "The functions ignore it, and a cluster with the FoCoM CRDs refuses it under strict field validation (kubectl apply's default)"
    : field.suggestion !== undefined
      ? "The functions ignore it, upstream FoCoM drops it, and strict field validation (kubectl apply's default) refuses it"
      : 'The functions ignore it; upstream FoCoM drops it unless its CRD has grown such a field';
  return `is not a field of ${where}; ${hint} ${effect}`;
}
