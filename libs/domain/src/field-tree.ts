import { closest, distance } from 'fastest-levenshtein';
import { isPlainObject } from '@focom/krm-runtime';

/**
 * The fields a structural schema declares: `fields` for an object's properties (an object with
 * none declares no field), `values` for a map's values, `items` for a list's entries. An `open`
 * node keeps whatever it holds (x-kubernetes-preserve-unknown-fields), so nothing below it is checked.
 */
export interface FieldTree {
  open?: true;
  fields?: Record<string, FieldTree>;
  values?: FieldTree;
  items?: FieldTree;
}

/** A field the schema does not declare, where it is and the field nearest its name. */
export interface UnknownField {
  /** Dotted kpt path: `spec.paramters`, `status.conditions[0].typo`. */
  path: string;
  name: string;
  /** The fields declared beside it, in the schema's order. */
  known: string[];
  /** The known field it was probably meant to be. */
  suggestion?: string;
}

/**
 * Every field of `value` the tree does not declare, as kubectl's strict field validation names
 * them (the API server prunes them otherwise). A value of the wrong type is another check's
 * business: only mappings and lists are walked.
 */
export function unknownFields(value: unknown, tree: FieldTree, path = ''): UnknownField[] {
  if (tree.open) return [];
  const found: UnknownField[] = [];
  if (Array.isArray(value)) {
    if (tree.items) value.forEach((entry, i) => found.push(...unknownFields(entry, tree.items!, `${path}[${i}]`)));
    return found;
  }
  if (!isPlainObject(value)) return found;
  const at = (key: string): string => (path === '' ? key : `${path}.${key}`);
  if (tree.fields) {
    const known = Object.keys(tree.fields);
    for (const key of Object.keys(value)) {
      const child = Object.prototype.hasOwnProperty.call(tree.fields, key) ? tree.fields[key] : undefined;
      if (child) found.push(...unknownFields(value[key], child, at(key)));
      else found.push(withSuggestion({ path: at(key), name: key, known }));
    }
  } else if (tree.values) {
    for (const key of Object.keys(value)) found.push(...unknownFields(value[key], tree.values, at(key)));
  }
  return found;
}

/** The nearest known name, when it is near enough to be a typo: 2 edits, or a third of a long name's letters (at most 3). */
function withSuggestion(field: UnknownField): UnknownField {
  if (field.known.length === 0) return field;
  const lower = field.name.toLowerCase();
  const nearest = closest(
    lower,
    field.known.map((k) => k.toLowerCase()),
  );
  const suggestion = field.known.find((k) => k.toLowerCase() === nearest)!;
  const limit = Math.min(3, Math.max(2, Math.floor(field.name.length / 3)));
  return distance(lower, nearest) <= limit ? { ...field, suggestion } : field;
}
