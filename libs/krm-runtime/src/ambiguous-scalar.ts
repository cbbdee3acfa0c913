/**
 * The one quoting rule of every writer in this project (new items, text inserts, Document
 * edits): a string that some reader would take for another type when written plain is
 * double-quoted. kubectl and Argo CD read YAML 1.1 (sigs.k8s.io/yaml, go-yaml v2), kpt and most
 * JavaScript tools YAML 1.2, so the rule is the union of both, as kyaml's `IsValueNonString`
 * quotes what go-yaml v2 would not read back as a string. It errs on the side of quoting: a
 * quoted string reads as the same string in every reader.
 */

/** YAML 1.1 booleans (y, yes, on, ... in any case), nulls and the merge key. */
const KEYWORD = /^(?:y|yes|n|no|true|false|on|off|null|~|<<|=)$/i;
/** Integers in every 1.1 base, with `_` separators: 0b101, 0777, 0o17, 0x1F, 1_000, +7. */
const INTEGER = /^[-+]?(?:0b[01_]+|0o[0-7_]+|0x[0-9a-f_]+|[0-9][0-9_]*)$/i;
/**
 * Floats: 1., .5, 1e3, 6.8523015e+5, 1_000.5, and what some 1.1 readers also take for one: `.`,
 * `e5`. A second dot makes a string in every reader in use (`1.2.3`), though the 1.1 spec's
 * regular expression would allow it.
 */
const FLOAT = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]*)(?:e[-+]?[0-9]+)?$|^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?e[-+]?[0-9]+$/i;
/** Sexagesimal integers and floats: 190:20:30, 20:30.15. */
const SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
/** Infinity and not-a-number: .inf, -.Inf, .NaN. */
const SPECIAL_FLOAT = /^[-+]?\.(?:inf|nan)$/i;
/** Timestamps: 2001-12-14, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10 -5. */
const TIMESTAMP =
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/;

/** Whether `value`, written as a plain scalar, would read as something other than this string. */
export function isAmbiguousPlainScalar(value: string): boolean {
  if (value === '') return true;
  return (
    KEYWORD.test(value) || SPECIAL_FLOAT.test(value) || TIMESTAMP.test(value) || isNumber(value) || isNumber(withoutUnderscores(value))
  );
}

function isNumber(value: string): boolean {
  return INTEGER.test(value) || FLOAT.test(value) || SEXAGESIMAL.test(value);
}

/** go-yaml v2 drops every `_` from a scalar that starts with a digit or a sign before reading a number: `+_0x_1F`. */
function withoutUnderscores(value: string): string {
  return /^[-+0-9]/.test(value) ? value.replace(/_/g, '') : value;
}
