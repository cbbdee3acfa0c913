import { docSteps, showsPrintedOutput } from './doc-blocks';

const page = (...lines: string[]): string => `${lines.join('\n')}\n`;

describe('docSteps', () => {
  it('runs shell blocks, skips marked ones with their reason, pairs output with the run before it', () => {
    const { steps, problems } = docSteps(
      page(
        '# Page',
        '',
        '```sh',
        'npm start',
        '```',
        '',
        '<!-- docs-test: output -->',
        '```',
        'REQUEST  TEMPLATE',
        '```',
        '',
        '1. In a list:',
        '',
        '   <!-- docs-test: skip: needs a cluster -->',
        '   ```bash',
        '   kubectl apply -f x',
        '   ```',
        '',
        '```',
        'a diagram, not run',
        '```',
      ),
      'p.md',
    );
    expect(problems).toEqual([]);
    expect(
      steps.map((s) => [s.kind, s.block.line, s.block.text, s.kind === 'skip' ? s.reason : s.kind === 'output' ? s.of.line : null]),
    ).toEqual([
      ['run', 3, 'npm start\n', null],
      ['output', 8, 'REQUEST  TEMPLATE\n', 3],
      ['skip', 15, 'kubectl apply -f x\n', 'needs a cluster'],
    ]);
  });

  it('names the file and line of every misuse', () => {
    const { problems } = docSteps(
      page(
        '<!-- docs-test: output -->',
        '```', // 2: no run block before it
        'x',
        '```',
        '<!-- docs-test: skip: -->', // 5: no reason
        '```sh',
        'true',
        '```',
        '<!-- docs-test: skip: far away -->', // 9: not right above a block
        '',
        '```sh',
        'true',
        '```',
        '```',
        '$ kubectl get pods', // 14: an unmarked transcript
        '```',
        '<!-- docs-test: sometimes -->', // 17: unknown marker
        '<!-- docs-test: output -->', // 18
        '```sh',
        'true',
        '```',
        '<!-- docs-test: output -->',
        '```', // 23: empty
        '',
        '```',
        '```console', // 26: a console transcript
        '$ kubectl get pods',
        '```',
        '<!-- docs-test: skip: a cluster -->',
        '```sh',
        'kubectl get pods',
        '```',
        '<!-- docs-test: output -->',
        '```', // 34: shows what a skipped block prints
        'No resources found',
        '```',
      ),
      'p.md',
    );
    expect(problems).toEqual([
      'p.md:2: an output block with no run block right before it on the page (a skipped block is not run)',
      'p.md:5: a skip marker must say why the block is not run',
      'p.md:9: a docs-test marker must sit on the line right above a fenced block',
      'p.md:14: a transcript (console, or $ ...) needs a docs-test marker: skip with the reason, or output of a run block',
      'p.md:17: unknown docs-test marker "sometimes": use "skip: <why>" or "output"',
      'p.md:19: an output marker on a sh block: output blocks are plain',
      'p.md:23: an empty output block shows nothing to compare',
      'p.md:26: a transcript (console, or $ ...) needs a docs-test marker: skip with the reason, or output of a run block',
      'p.md:34: an output block with no run block right before it on the page (a skipped block is not run)',
    ]);
  });
});

describe('showsPrintedOutput', () => {
  it('finds the shown lines in one piece, trailing blanks aside', () => {
    expect(showsPrintedOutput('b  \nc\n', 'a\nb\nc   \nd\n')).toBe(true);
    expect(showsPrintedOutput('b\nd\n', 'a\nb\nc\nd\n')).toBe(false);
    expect(showsPrintedOutput('B\n', 'a\nb\n')).toBe(false);
    expect(showsPrintedOutput('\n    indented: yes\n\n', 'x\n    indented: yes\n')).toBe(true);
    expect(showsPrintedOutput('    indented: yes\n', 'indented: yes\n')).toBe(false);
  });
});
