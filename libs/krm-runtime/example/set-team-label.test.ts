import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOnText } from '@focom/krm-runtime';
import { kpt } from '@focom/test-support/kpt';
import { setTeamLabel } from './set-team-label';

const DEPLOYMENT = [
  '# the DU, as its owner wrote it',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: du # keep me',
  "  namespace: 'ran'",
  'spec: {replicas: 1}',
  '',
].join('\n');

function resourceList(team: string, itemText: string): string {
  const item = itemText
    .trimEnd()
    .split('\n')
    .map((line, i) => (i === 0 ? `- ${line}` : `  ${line}`))
    .join('\n');
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${item}\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  data:\n    team: ${team}\n`;
}

describe('the example function on the runtime alone', () => {
  it('adds the label and keeps the comments, key order and quoting', () => {
    const out = runOnText(setTeamLabel, resourceList('ran', DEPLOYMENT));
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain("  name: du # keep me\n    namespace: 'ran'\n    labels:\n      team: ran\n");
    expect(out.stdout).toContain('- # the DU, as its owner wrote it\n');
  });

  it('refuses a team that is no label value, naming the key, with exit code 1', () => {
    const out = runOnText(setTeamLabel, resourceList('"RAN team"', DEPLOYMENT));
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/team/);
  });
});

describe('the example function under kpt', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'krm-runtime-example-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs as an executable function with kpt fn eval', () => {
    const pkg = join(dir, 'pkg');
    const exec = join(dir, 'set-team-label');
    writeFileSync(exec, `#!/bin/sh\nexec "${process.execPath}" --import tsx "${join(__dirname, 'set-team-label.ts')}" "$@"\n`);
    chmodSync(exec, 0o755);
    mkdirSync(pkg);
    expect(kpt(['pkg', 'init', pkg]).status).toBe(0);
    writeFileSync(join(pkg, 'du.yaml'), DEPLOYMENT);
    const evaluated = kpt(['fn', 'eval', pkg, '--exec', exec, '--', 'team=ran'], { cwd: join(__dirname, '..') });
    expect(evaluated.stderr).toContain('labelled 1 of 1 resource');
    expect(evaluated.status).toBe(0);
    expect(readFileSync(join(pkg, 'du.yaml'), 'utf8')).toBe(
      DEPLOYMENT.replace("  namespace: 'ran'\n", "  namespace: 'ran'\n  labels:\n    team: ran\n"),
    );
  });
});
