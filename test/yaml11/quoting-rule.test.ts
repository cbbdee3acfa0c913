/**
 * The project's quoting rule against the readers it protects. Every string, written by each of
 * the three writers (a new item, a text insert, a Document edit), reads back as the same string
 * in kubectl's reader (sigs.k8s.io/yaml, go-yaml v2; one Go process answers for the whole batch)
 * and in the `yaml` package in YAML 1.1 and 1.2 mode; and the rule quotes every plain scalar
 * those readers take for another type.
 */
import fc from 'fast-check';
import { parse } from 'yaml';
import { KrmItem, type KrmObject, isAmbiguousPlainScalar, readResourceList } from '@focom/krm-runtime';
import { readTextsAsYaml11 } from '@focom/test-support/yaml11';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10000);

/** Strings built from the characters that make numbers, booleans, nulls and timestamps. */
const numberish = fc.oneof(
  fc.stringMatching(/^[-+]?[0-9._eExXoObB:a-fA-F]{1,10}$/),
  fc.stringMatching(
    /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]{1,3})?(Z|[-+][0-9]{1,2}(:[0-9]{2})?)?)?$/,
  ),
  fc.constantFrom(
    'y',
    'Y',
    'yes',
    'Yes',
    'n',
    'NO',
    'on',
    'On',
    'OFF',
    'true',
    'TRUE',
    'null',
    'Null',
    '~',
    '<<',
    '=',
    '.inf',
    '-.Inf',
    '.NaN',
    '.',
    '-',
    'e5',
    '0x_1F',
    '+0b1_0',
  ),
  fc.string({ maxLength: 6 }),
);

const LIST_HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';

/** `value` as each writer writes it, as one ConfigMap document with `data.v`. */
function writtenBy(value: string): Record<'new item' | 'text insert' | 'Document edit', string> {
  const created = KrmItem.fromObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { v: value } });
  const inserted = readResourceList(`${LIST_HEAD}- apiVersion: v1\n  kind: ConfigMap\n  data:\n    k: x\n`).items[0];
  inserted.setIn(['data', 'v'], value);
  const edited = readResourceList(`${LIST_HEAD}- apiVersion: v1\n  kind: ConfigMap\n  data:\n    v: before # kept\n`).items[0];
  edited.setIn(['data', 'v'], value);
  const asDocument = (item: KrmItem): string =>
    item
      .toEntryText(0)
      .replace(/^- /, '')
      .replace(/\n {2}/g, '\n');
  return { 'new item': asDocument(created), 'text insert': asDocument(inserted), 'Document edit': asDocument(edited) };
}

/** What can stand as a plain scalar at all: no indicator first, no `: ` or ` #`, no edge spaces. */
const SYNTACTICALLY_PLAIN = /^(?:[^\s#&*!|>'"%@`{}[\],?:-]|[-?:][^\s])(?:(?!: | #)[^\n])*(?<![\s:])$/;

function plainScalarType(text: string, version: '1.1' | '1.2'): string | undefined {
  if (!SYNTACTICALLY_PLAIN.test(text)) return undefined;
  try {
    const doc = parse(`v: ${text}\n`, { version }) as { v: unknown } | null;
    return doc && typeof doc === 'object' && !Array.isArray(doc) && Object.keys(doc).length === 1 ? typeof doc.v : undefined;
  } catch {
    return undefined; // not a plain scalar at all: the writers quote it for syntax, not for type
  }
}

describe('the quoting rule against every reader', () => {
  const samples = [...new Set(fc.sample(numberish, { numRuns: RUNS, seed: 20261130 }))];

  it(`every writer's output reads back as the same string in kubectl's YAML 1.1 (${samples.length} strings)`, () => {
    const writers = samples.map(writtenBy);
    const texts = writers.flatMap((w) => Object.values(w));
    const read = readTextsAsYaml11(texts) as Array<{ data?: { v?: unknown } } | null>;
    const wrong = texts.filter((_, i) => read[i]?.data?.v !== samples[Math.floor(i / 3)]).slice(0, 20);
    expect(wrong).toEqual([]);
    for (const [i, w] of writers.entries()) {
      for (const [writer, text] of Object.entries(w)) {
        for (const version of ['1.1', '1.2'] as const) {
          const data = (parse(text, { version }) as KrmObject).data as { v: unknown };
          if (data.v !== samples[i])
            throw new Error(
              `${writer} wrote ${JSON.stringify(samples[i])} as:\n${text}which YAML ${version} reads as ${JSON.stringify(data.v)}`,
            );
        }
      }
    }
  });

  it('quotes every plain scalar the yaml package reads as another type, in YAML 1.1 and 1.2', () => {
    const missed = samples.filter(
      (s) =>
        ['1.1', '1.2'].some((v) => {
          const type = plainScalarType(s, v as '1.1' | '1.2');
          return type !== undefined && type !== 'string';
        }) && !isAmbiguousPlainScalar(s),
    );
    expect(missed).toEqual([]);
  });
});
