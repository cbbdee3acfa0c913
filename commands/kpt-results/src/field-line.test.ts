/** Field paths of kpt results found in YAML text: the line of the key, or of the list item. */
import { fieldPosition, fieldSteps } from './field-line';

const TEXT = `# a comment
apiVersion: v1
kind: Thing
spec:
  parameters:
    replicas: 3
    log.level: debug
  containers:
    - name: a
      args: [x, y]
    - name: b
      args:
        - one
        - two
---
kind: Second
spec:
  value: 1
`;

describe('fieldPosition', () => {
  it.each([
    ['spec.parameters.replicas', 0, { line: 6, column: 5 }],
    ['spec.containers[1].args[1]', 0, { line: 14, column: 11 }],
    ['spec.containers[name=b].name', 0, { line: 11, column: 7 }],
    ['spec.containers[0].args[1]', 0, { line: 10, column: 17 }],
    ['spec.value', 1, { line: 18, column: 3 }],
  ])('%s in document %d', (path, index, position) => {
    expect(fieldPosition(TEXT, index, path)).toEqual(position);
  });

  it('a key with a dot in its name', () => {
    expect(fieldPosition(TEXT, 0, 'spec.parameters.log.level')).toEqual({ line: 7, column: 5 });
  });

  it('a field that is not there: its nearest ancestor that is; no path: the document', () => {
    expect(fieldPosition(TEXT, 0, 'spec.parameters.nr_band')).toEqual({ line: 5, column: 3 });
    expect(fieldPosition(TEXT, 0, 'spec.containers[7].name')).toEqual({ line: 8, column: 3 });
    expect(fieldPosition(TEXT, 1, undefined)).toEqual({ line: 16, column: 1 });
  });

  it('a document that is not there, or text that is no YAML mapping: none', () => {
    expect(fieldPosition(TEXT, 2, 'spec')).toBeUndefined();
    expect(fieldPosition('', 0, 'spec')).toBeUndefined();
    expect(fieldPosition('a: [1, 2\n', 0, 'a')).toEqual({ line: 1, column: 1 });
  });
});

describe('fieldSteps', () => {
  it('reads keys, indexes and selectors; dots inside brackets stay', () => {
    expect(fieldSteps('a.b[0][k=v.w].c[x.y]')).toEqual([
      { key: 'a' },
      { key: 'b' },
      { index: 0 },
      { match: ['k', 'v.w'] },
      { key: 'c' },
      { key: 'x.y' },
    ]);
    expect(fieldSteps('')).toEqual([]);
  });
});
