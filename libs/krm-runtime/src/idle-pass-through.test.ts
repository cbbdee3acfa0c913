import { type IdleOutput, idleOutputOf, passThroughIdle } from './idle-pass-through';
import type { KrmFunction } from './krm-function';
import { runOnText } from './run-function';

/** A function that acts on example.com resources only, as a function outside this project would. */
const countExamples: KrmFunction = {
  name: 'count-examples',
  usage: '',
  process(list) {
    const examples = list.items.filter((item) => item.apiVersion.startsWith('example.com/'));
    return { results: [], summary: `${examples.length} example.com resources` };
  },
};
const idle: IdleOutput = idleOutputOf((input) => runOnText(countExamples, input), /example\.com/);

const HEADER = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const CONFIG_MAP =
  "- apiVersion: v1\n  kind: ConfigMap # kept\n  metadata:\n    name: a\n    annotations:\n      config.kubernetes.io/path: 'a.yaml'\n";

describe('the idle pass-through', () => {
  it.each([
    ['items at column 0', `${HEADER}items:\n${CONFIG_MAP}${CONFIG_MAP}`],
    ['indented items', `${HEADER}items:\n${CONFIG_MAP.replace(/^/gm, '  ')}`],
    ['no final newline', `${HEADER}items:\n${CONFIG_MAP.trimEnd()}`],
    ['a comment line between items', `${HEADER}items:\n${CONFIG_MAP}# between\n${CONFIG_MAP}`],
    ['no items', `${HEADER}items: []\n`],
    ['no items key', HEADER],
    ['a key after the items', `${HEADER}items:\n${CONFIG_MAP}results: []\n`],
  ])('writes what the function writes after reading every item: %s', (_layout, input) => {
    const shortcut = passThroughIdle(input, idle);
    expect(shortcut).toBeDefined();
    expect(shortcut).toEqual(runOnText(countExamples, input));
  });

  it.each([
    ['an input that concerns the function', `${HEADER}items:\n${CONFIG_MAP}- apiVersion: example.com/v1\n  kind: Team\n`],
    ['a functionConfig, which the function checks', `${HEADER}items:\n${CONFIG_MAP}functionConfig:\n  data: {}\n`],
    ['a layout the line scan does not take', `${HEADER}items: [{apiVersion: v1, kind: ConfigMap}]\n`],
    ['a comment before the first item', `${HEADER}items:\n# first\n${CONFIG_MAP}`],
    ['another kind of list', `apiVersion: v1\nkind: ConfigMap\nitems:\n${CONFIG_MAP}`],
  ])('leaves the input to the function: %s', (_case, input) => {
    expect(passThroughIdle(input, idle)).toBeUndefined();
  });
});
