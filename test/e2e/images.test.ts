/**
 * The images Porch would run: built with buildah from scratch (`npm run images`), run by kpt
 * through podman, must render the seed package exactly as the exec functions do.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATASTROPHIC_PATTERN_INPUT, MUST_MATCH } from '@focom/test-support/catastrophic-pattern';
import { listFiles } from '@focom/test-support/files';
import { FUNCTIONS as REGISTRY } from '../../functions/registry';
import { removeScratch, REPO_ROOT, run, scratchPackage } from '@focom/test-support/kpt';

const FUNCTIONS = REGISTRY.map((f) => f.name);
/** The ENTRYPOINT and USER of images/Dockerfile, which `npm run images` must reproduce. */
const DOCKERFILE = readFileSync(join(REPO_ROOT, 'images', 'Dockerfile'), 'utf8');
const ENTRYPOINT = JSON.stringify(JSON.parse(/^ENTRYPOINT (.*)$/m.exec(DOCKERFILE)![1]));
const USER = /^USER (.*)$/m.exec(DOCKERFILE)![1];
const TAG = 'e2e';
const ENV = { ...process.env, CONTAINERS_CONF: join(REPO_ROOT, 'images', 'containers.conf'), KPT_FN_RUNTIME: 'podman', IMAGE_TAG: TAG };

const toImages = (kptfile: string) => kptfile.replace(/- exec: \.\/bin\/([a-z-]+)/g, `- image: localhost/focom/$1:${TAG}`);

describe('function images under kpt and podman', () => {
  beforeAll(() => {
    const built = run('bash', ['scripts/build-images.sh'], { env: ENV });
    if (built.status !== 0) throw new Error(`npm run images failed:\n${built.stdout}\n${built.stderr}`);
  }, 600_000);

  it("uses the Dockerfile's exec-form entrypoint, with the regexp flag, and lists its user in /etc/passwd", () => {
    expect(ENTRYPOINT).toBe('["node","--enable-experimental-regexp-engine","/app/main.js"]');
    for (const fn of FUNCTIONS) {
      const inspect = run(
        'podman',
        ['image', 'inspect', '--format', '{{json .Config.Entrypoint}} {{.Config.User}}', `localhost/focom/${fn}:${TAG}`],
        { env: ENV },
      );
      expect(inspect.stdout.trim()).toBe(`${ENTRYPOINT} ${USER}`);
      const passwd = run(
        'podman',
        [
          'run',
          '--rm',
          '--network',
          'none',
          '--entrypoint',
          'node',
          `localhost/focom/${fn}:${TAG}`,
          '-e',
          "process.stdout.write(require('fs').readFileSync('/etc/passwd', 'utf8'))",
        ],
        { env: ENV },
      );
      expect(passwd.stdout).toMatch(new RegExp(`^${USER}:x:`, 'm'));
    }
  });

  it('builds the focom-status controller image the same way: its entrypoint starts the command, as nobody', () => {
    const image = `localhost/focom/focom-status:${TAG}`;
    const inspect = run('podman', ['image', 'inspect', '--format', '{{json .Config.Entrypoint}} {{.Config.User}}', image], { env: ENV });
    expect(inspect.stdout.trim()).toBe(`${ENTRYPOINT} ${USER}`);
    const help = run('podman', ['run', '--rm', '--network', 'none', image, '--help'], { env: ENV });
    expect({ status: help.status, stdout: help.stdout.split('\n')[0] }).toEqual({
      status: 0,
      stdout: 'Usage: focom-status [--kubeconfig FILE] [--namespace NS] [--resync SECONDS]',
    });
  }, 120_000);

  it('runs a catastrophic pattern on the linear-time engine the ENTRYPOINT enables', () => {
    const image = `localhost/focom/validate-template-params:${TAG}`;
    const out = run('podman', ['run', '--rm', '-i', '--network', 'none', image], { env: ENV, input: CATASTROPHIC_PATTERN_INPUT });
    expect({ status: out.status, stderr: out.stderr }).toEqual({ status: 1, stderr: expect.stringMatching(MUST_MATCH) as unknown });
  }, 120_000);

  it('renders the seed package exactly as the exec functions do', () => {
    const viaExec = scratchPackage(join(REPO_ROOT, 'packages', 'examples', 'seed-edge'));
    const viaImages = scratchPackage(join(REPO_ROOT, 'packages', 'examples', 'seed-edge'));
    try {
      writeFileSync(join(viaImages, 'Kptfile'), toImages(readFileSync(join(viaImages, 'Kptfile'), 'utf8')));
      const exec = run('kpt', ['fn', 'render', viaExec, '--allow-exec']);
      const images = run('kpt', ['fn', 'render', viaImages], { env: ENV });
      expect({ status: images.status, stderr: images.stderr }).toEqual({ status: 0, stderr: images.stderr });
      expect(exec.status).toBe(0);
      expect(listFiles(viaImages).sort()).toEqual(listFiles(viaExec).sort());
      for (const file of listFiles(viaExec)) {
        const expected = readFileSync(join(viaExec, file), 'utf8');
        const actual = readFileSync(join(viaImages, file), 'utf8');
        expect({ file, text: actual }).toEqual({ file, text: file === 'Kptfile' ? toImages(expected) : expected });
      }
    } finally {
      removeScratch(viaExec);
      removeScratch(viaImages);
    }
  }, 300_000);
});
