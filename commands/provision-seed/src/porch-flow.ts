/**
 * The operator's package through Porch, the way an operator drives it: a draft (`porchctl rpkg
 * init`, or `rpkg copy` of the last published revision), its files pushed (Porch renders the
 * pipeline with this project's functions and refuses a push whose render fails), proposed,
 * approved, and so published to the deployment repository's main branch.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { type Porch, PORCH_NAMESPACE } from '@focom/cluster-harness';

/** What the flow needs of a Porch: porchctl and kubectl against its API server. */
export type PorchClient = Pick<Porch, 'porchctl' | 'kubectl'>;

/** Porch's bookkeeping file in a pulled package: never part of the package. */
const REVISION_METADATA = '.KptRevisionMetadata';

export interface Published {
  /** The PackageRevision's name. */
  revision: string;
  workspace: string;
}

interface RevisionListing {
  items: { metadata: { name: string }; spec: { packageName: string; repository: string; lifecycle: string; revision?: number } }[];
}

function latestPublished(porch: PorchClient, repository: string, pkg: string): string | undefined {
  const got = porch.kubectl(['get', 'packagerevisions.porch.kpt.dev', '-n', PORCH_NAMESPACE, '-o', 'json']);
  if (got.status !== 0) return undefined;
  const published = (JSON.parse(got.stdout) as RevisionListing).items
    .filter(
      (r) =>
        r.spec.repository === repository && r.spec.packageName === pkg && r.spec.lifecycle === 'Published' && (r.spec.revision ?? 0) > 0,
    )
    .sort((a, b) => (b.spec.revision ?? 0) - (a.spec.revision ?? 0));
  return published[0]?.metadata.name;
}

function porchctl(porch: PorchClient, args: readonly string[], what: string): Outcome<string> {
  const result = porch.porchctl(args);
  if (result.status !== 0) return fail(`${what} failed (porchctl ${args.join(' ')}):\n${(result.stderr || result.stdout).trim()}`);
  return succeed(result.stdout);
}

/**
 * Pushes the files of source as a new revision of pkg in repository and publishes it; the
 * failure says which step refused and Porch's message (for a failing render: the function's).
 */
export function publishThroughPorch(
  porch: PorchClient,
  repository: string,
  pkg: string,
  source: string,
  step: (message: string) => void,
): Outcome<Published> {
  const workspace = `r${Date.now().toString(36)}`;
  const previous = latestPublished(porch, repository, pkg);
  const created = previous
    ? porchctl(porch, ['rpkg', 'copy', previous, `--workspace=${workspace}`], `creating a draft from ${previous}`)
    : porchctl(porch, ['rpkg', 'init', pkg, `--repository=${repository}`, `--workspace=${workspace}`], 'creating the draft');
  if (!created.ok) return created;
  const revision = /^(\S+) created$/m.exec(created.value)?.[1];
  if (!revision) return fail(`porchctl printed no revision name: ${created.value}`);
  step(`draft ${revision}${previous ? ` (copied from ${previous})` : ''}`);
  const root = mkdtempSync(join(tmpdir(), 'focom-seed-push-'));
  try {
    const dir = join(root, 'pkg');
    const pulled = porchctl(porch, ['rpkg', 'pull', revision, dir], 'pulling the draft');
    if (!pulled.ok) return pulled;
    for (const entry of readdirSync(dir)) if (entry !== REVISION_METADATA) rmSync(join(dir, entry), { recursive: true, force: true });
    cpSync(source, dir, { recursive: true });
    const pushed = porch.porchctl(['rpkg', 'push', revision, dir]);
    if (pushed.status !== 0) {
      porch.porchctl(['rpkg', 'del', revision]);
      return fail(`Porch refused the push of ${pkg} (the render failed):\n${(pushed.stderr || pushed.stdout).trim()}`);
    }
    step('pushed and rendered by the functions');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const proposed = porchctl(porch, ['rpkg', 'propose', revision], 'proposing');
  if (!proposed.ok) return proposed;
  const approved = porchctl(porch, ['rpkg', 'approve', revision], 'approving');
  if (!approved.ok) return approved;
  step('proposed and approved: published');
  return succeed({ revision, workspace });
}
