/**
 * The blueprint packages/porch/focom-edge-site in a real Porch (test/support/porch.ts): pushed
 * with porchctl, rendered by Porch's engine through its function runner, which runs this
 * repository's bin/ executables for the blueprint's image names and serves apply-replacements
 * itself; then proposed, approved and published into a bare git repository.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@focom/test-support/kpt';
import { PORCH_NAMESPACE } from '@focom/cluster-harness';
import { usePorch } from '@focom/test-support/porch';
import {
  conditionsByType,
  editedCopy,
  gitRefs,
  gitTree,
  initDraft,
  packageRevision,
  pipelineImages,
  porchctlOk,
  pullTree,
  pushPackage,
  renderWithKpt,
} from '@focom/test-support/porch-packages';
import { THREE_STEP_IMAGES, withThreeSteps } from '@focom/test-support/porch-fleet';

const BLUEPRINT = join(REPO_ROOT, 'packages', 'porch', 'focom-edge-site');
const REPOSITORY = 'focom-blueprints';
// The blueprint names its request after the site: example-site until a PackageVariant clones it.
const GATE = 'focom.nephio.org/v1alpha1.FocomProvisioningRequest.example-site';
const HELD_GATE = 'focom.nephio.org/v1alpha1.FocomProvisioningRequest.edge-upf';
const SLO_GATE = 'slo.focom.nephio.org/v1alpha1.FocomProvisioningRequest.example-site';
const HELD_SLO_GATE = 'slo.focom.nephio.org/v1alpha1.FocomProvisioningRequest.edge-upf';

const porch = usePorch({ images: [...pipelineImages(BLUEPRINT), ...THREE_STEP_IMAGES] });
let repositoryUrl = '';

beforeAll(() => {
  repositoryUrl = porch().createGitRepository(REPOSITORY);
  porch().registerRepository(REPOSITORY, repositoryUrl);
});

/** Fails with porchctl's output when a push Porch should have accepted was refused. */
function expectPushed(result: { status: number; stderr: string }): void {
  if (result.status !== 0) throw new Error(`Porch refused the push:\n${result.stderr}`);
}

describe('the blueprint in Porch', () => {
  it('renders on push, is proposed, approved and published as a git tag, equal to kpt fn render of the same content', () => {
    const p = porch();
    const name = initDraft(p, REPOSITORY, 'focom-edge-site', 'v1');
    const pushed = pushPackage(p, name, BLUEPRINT);
    expectPushed(pushed);
    // Every step ran in Porch: the built-in apply-replacements, and each of this project's functions
    // as an executable in the function runner.
    for (const image of pipelineImages(BLUEPRINT)) expect(pushed.stderr).toContain(`[PASS] "${image}"`);
    const runnerLog = p.processLog('porch-function-runner');
    for (const image of pipelineImages(BLUEPRINT).filter((i) => i.startsWith('registry.example.org/'))) {
      expect(runnerLog).toContain(`Evaluating "${image}" in executable mode`);
    }

    const draft = packageRevision(p, name);
    expect(draft.spec.lifecycle).toBe('Draft');
    expect(draft.spec.readinessGates).toEqual([{ conditionType: GATE }, { conditionType: SLO_GATE }]);
    expect(conditionsByType(draft).get(SLO_GATE)).toEqual(expect.objectContaining({ status: 'True', reason: 'FirstDeployment' }));
    const condition = conditionsByType(draft).get(GATE);
    expect([condition?.status, condition?.reason]).toEqual(['True', 'Ready']);
    expect(condition?.message).toContain('OCloud "example-site"');

    expect(porchctlOk(p, ['rpkg', 'propose', name]).stdout).toContain(`${name} proposed`);
    expect(porchctlOk(p, ['rpkg', 'approve', name]).stdout).toContain(`${name} approved`);
    const published = packageRevision(p, name);
    expect(published.spec.lifecycle).toBe('Published');
    expect(published.spec.revision).toBe(1);
    expect(gitRefs(repositoryUrl)).toContain('refs/tags/focom-edge-site/v1');

    // What Porch published, byte for byte, is what kpt fn render makes of the same files.
    const tree = Object.fromEntries(gitTree(repositoryUrl, 'refs/tags/focom-edge-site/v1', 'focom-edge-site'));
    expect(Object.keys(tree).filter((path) => path.startsWith('generated/'))).toHaveLength(9);
    expect(Object.keys(tree)).toContain('delivery/o2ims/kustomization_example-site.yaml');
    expect(tree).toEqual(Object.fromEntries(renderWithKpt(BLUEPRINT, p.binaries.applyReplacements)));
  });

  it('renders with the three functions exactly as with the one-process function (focom-render) it ships with', () => {
    const p = porch();
    const name = initDraft(p, REPOSITORY, 'three-step-site', 'v1');
    const threeSteps = editedCopy(BLUEPRINT, withThreeSteps);
    try {
      const pushed = pushPackage(p, name, threeSteps.dir);
      expectPushed(pushed);
      for (const image of THREE_STEP_IMAGES) {
        expect(pushed.stderr).toContain(`[PASS] "${image}"`);
        expect(p.processLog('porch-function-runner')).toContain(`Evaluating "${image}" in executable mode`);
      }
      const draft = pullTree(p, name);
      const staged = renderWithKpt(BLUEPRINT, p.binaries.applyReplacements);
      const withoutKptfile = (tree: Map<string, string>): Record<string, string> =>
        Object.fromEntries([...tree].filter(([path]) => path !== 'Kptfile' && !path.startsWith('.')));
      expect(withoutKptfile(draft)).toEqual(withoutKptfile(staged));
      expect(conditionsByType(packageRevision(p, name)).get(GATE)?.status).toBe('True');
    } finally {
      threeSteps.remove();
    }
  });

  const brokenSites: [string, string, (dir: string) => void, string[]][] = [
    [
      'an OCloud without its kubeconfig Secret reference',
      'no-secret',
      (dir) => replaceIn(join(dir, 'ocloud.yaml'), /\n {2}secretRef:\n.*\n.*/, ''),
      // the object, the field, what to do, and the file
      ['OCloud/example-site (namespace o2ims)', 'spec.secretRef.name', 'must name the Secret holding its kubeconfig', '[ocloud.yaml'],
    ],
    [
      'an invalid parameter',
      'bad-parameter',
      // The request's namespace comes from the site's parameters (site-replacements.yaml).
      (dir) => replaceIn(join(dir, 'site-parameters.yaml'), 'namespace: ran-workloads', 'namespace: RAN_Workloads'),
      [
        'FocomProvisioningRequest/example-site (namespace o2ims)',
        'spec.parameters.namespace',
        'must be a DNS-1123 label (lower-case letters, digits and "-"',
        'got "RAN_Workloads"',
        '[provisioning-request.yaml',
      ],
    ],
  ];

  it.each(brokenSites)('refuses on push %s, and says which object, which field and what to do', (_what, pkg, edit, expected) => {
    const p = porch();
    const name = initDraft(p, REPOSITORY, pkg, 'v1');
    const broken = editedCopy(BLUEPRINT, edit);
    try {
      const pushed = pushPackage(p, name, broken.dir);
      expect(pushed.status).not.toBe(0);
      expect(pushed.stderr).toContain('error rendering package in kpt function pipeline. Package NOT pushed to remote');
      for (const text of expected) expect(pushed.stderr).toContain(text);
      // Nothing of the push was saved: the draft still holds what rpkg init made.
      expect([...pullTree(p, name).keys()].sort()).toEqual(['Kptfile', 'README.md', 'package-context.yaml']);
    } finally {
      broken.remove();
    }
  });

  it('porchctl rpkg propose and approve refuse a draft whose request is not ready; the Porch API server alone does not', () => {
    const p = porch();
    const name = initDraft(p, REPOSITORY, 'held-site', 'v1');
    const held = editedCopy(BLUEPRINT, (dir) =>
      writeFileSync(join(dir, 'held-request.yaml'), readFileSync(join(__dirname, 'fixtures', 'held-request.yaml'), 'utf8')),
    );
    try {
      expectPushed(pushPackage(p, name, held.dir));
    } finally {
      held.remove();
    }
    const draft = packageRevision(p, name);
    expect(draft.spec.readinessGates).toEqual([
      { conditionType: HELD_GATE },
      { conditionType: HELD_SLO_GATE },
      { conditionType: GATE },
      { conditionType: SLO_GATE },
    ]);
    expect(conditionsByType(draft).get(GATE)?.status).toBe('True');
    expect(conditionsByType(draft).get(HELD_GATE)).toEqual(expect.objectContaining({ status: 'False', reason: 'NothingToDeliver' }));

    for (const verb of ['propose', 'approve']) {
      const refused = p.porchctl(['rpkg', verb, name]);
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain(`${name} failed (readiness conditions not met)`);
    }
    expect(packageRevision(p, name).spec.lifecycle).toBe('Draft');
    expect(gitRefs(repositoryUrl)).not.toContain('refs/tags/held-site/v1');

    // The gate lives in porchctl: two plain API writes (what any client with update rights on
    // packagerevisions and packagerevisions/approval can send) publish the same draft.
    const proposed = { ...packageRevision(p, name) };
    proposed.spec = { ...proposed.spec, lifecycle: 'Proposed' };
    const update = p.kubectl(['replace', '-f', '-'], { input: JSON.stringify(proposed) });
    expect(update.stderr).toBe('');
    const approval = { ...packageRevision(p, name) };
    approval.spec = { ...approval.spec, lifecycle: 'Published' };
    const approved = p.kubectl(
      ['replace', '--raw', `/apis/porch.kpt.dev/v1alpha1/namespaces/${PORCH_NAMESPACE}/packagerevisions/${name}/approval`, '-f', '-'],
      { input: JSON.stringify(approval) },
    );
    expect(approved.stderr).toBe('');
    const published = packageRevision(p, name);
    expect(published.spec.lifecycle).toBe('Published');
    expect(conditionsByType(published).get(HELD_GATE)?.status).toBe('False');
    expect(gitRefs(repositoryUrl)).toContain('refs/tags/held-site/v1');
  });
});

function replaceIn(file: string, pattern: string | RegExp, replacement: string): void {
  const before = readFileSync(file, 'utf8');
  const after = before.replace(pattern, replacement);
  if (after === before) throw new Error(`${file}: nothing matched ${String(pattern)}`);
  writeFileSync(file, after);
}
