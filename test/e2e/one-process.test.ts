/**
 * The one-process function renders every end-to-end case exactly as the three functions do in
 * a Kptfile pipeline: each case is rendered both ways with the real kpt and the packages are
 * compared file by file (the Kptfile without its pipeline, which differs by design).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { FUNCTIONS } from '../../functions/registry';
import { listFiles } from '@focom/test-support/files';
import { REPO_ROOT, removeScratch, render, scratchPackage } from '@focom/test-support/kpt';

const CASES = join(REPO_ROOT, 'test', 'e2e', 'cases');
const STAGES = FUNCTIONS.filter((f) => f.stage).map((f) => `./bin/${f.name}`);
const WHOLE = FUNCTIONS.filter((f) => !f.stage).map((f) => `./bin/${f.name}`);

interface CaseConfig {
  package?: string;
  eval?: string;
}

/** The render cases (not `kpt fn eval` ones), with the package each renders. */
function renderCases(): Array<[string, string]> {
  return readdirSync(CASES)
    .filter((name) => statSync(join(CASES, name)).isDirectory() && existsSync(join(CASES, name, '.expected', 'config.yaml')))
    .map((name) => [name, parse(readFileSync(join(CASES, name, '.expected', 'config.yaml'), 'utf8')) as CaseConfig] as const)
    .filter(([, config]) => !config.eval)
    .map(([name, config]) => [name, config.package ? join(REPO_ROOT, config.package) : join(CASES, name)]);
}

/** The Kptfile with its stage steps replaced by one step of `exec`, their configMaps merged into it. */
function onePipelineStep(kptfile: string, exec: string): string {
  const doc = parseDocument(readFileSync(kptfile, 'utf8'));
  const mutators = (
    doc.getIn(['pipeline', 'mutators']) as { toJSON(): Array<{ exec?: string; configMap?: Record<string, string> }> }
  ).toJSON();
  const configMap: Record<string, string> = {};
  for (const step of mutators) if (step.exec && STAGES.includes(step.exec)) Object.assign(configMap, step.configMap ?? {});
  const others = mutators.filter((step) => !step.exec || !STAGES.includes(step.exec));
  const step = Object.keys(configMap).length > 0 ? { exec, configMap } : { exec };
  doc.setIn(['pipeline', 'mutators'], [step, ...others]);
  return doc.toString();
}

function withoutPipeline(text: string): unknown {
  const doc = parse(text) as Record<string, unknown>;
  delete doc.pipeline;
  return doc;
}

describe.each(WHOLE)('%s in a one-step pipeline', (exec) => {
  it.each(renderCases())('renders case %s as the three functions do', (_name, source) => {
    const staged = scratchPackage(source);
    const whole = scratchPackage(source);
    try {
      writeFileSync(join(whole, 'Kptfile'), onePipelineStep(join(whole, 'Kptfile'), exec));
      const a = render(staged);
      const b = render(whole);
      expect(b.status).toBe(a.status);
      const files = listFiles(staged).sort();
      expect(listFiles(whole).sort()).toEqual(files);
      for (const file of files) {
        const left = readFileSync(join(staged, file), 'utf8');
        const right = readFileSync(join(whole, file), 'utf8');
        if (file === 'Kptfile') expect({ file, kptfile: withoutPipeline(right) }).toEqual({ file, kptfile: withoutPipeline(left) });
        else expect({ file, text: right }).toEqual({ file, text: left });
      }
    } finally {
      removeScratch(staged);
      removeScratch(whole);
    }
  });
});
