/**
 * The one list of the project's KRM functions. A function is its folder, `functions/<name>/`
 * (`src/main.ts` the entry point, `src/` the processor with its tests beside, `testdata/`, README.md,
 * metadata.yaml), and one entry here. From this list come the bundles and `bin/<name>`
 * (`npm run build`), the README's table of functions, the images (`npm run images`,
 * images/Dockerfile with `--build-arg FUNCTION=<name>`), the property and hostile-input tests,
 * and the benchmark.
 */
import type { KrmFunction, KrmItem } from '@focom/krm-runtime';
import { REQUEST_LABEL } from '@focom/domain';
import { expandProvisioningRequest } from '@focom/expand-provisioning-request';
import { focomRender } from '@focom/focom-render';
import { injectOCloudTargeting } from '@focom/inject-ocloud-targeting';
import { validateTemplateParams } from '@focom/validate-template-params';

export interface FunctionEntry {
  /** The folder, executable, bundle and image name; the processor's own `name`. */
  name: string;
  fn: KrmFunction;
  /** What it does, in one sentence for the README's table (Markdown). */
  summary: string;
  /** The items it may change or remove: every other item must come out byte for byte. */
  owns(item: KrmItem): boolean;
  /** Whether it checks parameter schemas, so a hostile schema is an error from it. */
  checksSchemas: boolean;
  /**
   * Whether it is a stage of the Kptfile pipeline, run on the output of the stages before it;
   * false for a function that is a whole pipeline itself.
   */
  stage: boolean;
}

function generatedFor(item: KrmItem, folders: RegExp): boolean {
  return item.labels[REQUEST_LABEL] !== undefined && folders.test(item.fileRef?.path ?? '');
}

/** The pipeline's stages in order, each meant to run on the output of the ones before it, then the whole pipeline as one function. */
export const FUNCTIONS: readonly FunctionEntry[] = [
  {
    name: validateTemplateParams.name,
    fn: validateTemplateParams,
    summary: "checks every parameter against the template's JSON Schema; every problem is an error result pinned to the object and field",
    owns: () => false,
    checksSchemas: true,
    stage: true,
  },
  {
    name: expandProvisioningRequest.name,
    fn: expandProvisioningRequest,
    summary: "expands each valid request into its template's manifests under `generated/`",
    owns: (item) => generatedFor(item, /^generated\//),
    checksSchemas: true,
    stage: true,
  },
  {
    name: injectOCloudTargeting.name,
    fn: injectOCloudTargeting,
    summary:
      'stamps the manifests with their O-Cloud, emits the Flux, Argo CD or Config Sync object that delivers them (workloads after their cluster), and sets Kptfile readiness gates for Porch',
    owns: (item) => item.kind === 'Kptfile' || generatedFor(item, /^(generated|delivery)\//),
    checksSchemas: false,
    stage: true,
  },
  {
    name: focomRender.name,
    fn: focomRender,
    summary:
      'the three above in one process (one Node start, one Porch function-runner pod): the same files, conditions and results, prefixed by stage',
    owns: (item) => item.kind === 'Kptfile' || generatedFor(item, /^(generated|delivery)\//),
    checksSchemas: true,
    stage: false,
  },
];

/**
 * Executables beside the functions that are not KRM functions: they run outside kpt (in CI, by an
 * operator), take arguments, and may do I/O the functions never do. Each is its folder,
 * `commands/<name>/` (`src/main.ts` the entry point, README.md), and one entry here; the build
 * writes `bin/<name>` for it. They get no image and are not in the README's table of functions.
 */
export interface CommandEntry {
  name: string;
  /** What it does, in one sentence (Markdown). */
  summary: string;
  /**
   * It runs in a cluster: the build stages its bundle as `dist/image/<name>/main.js`, so
   * images/Dockerfile (`--build-arg FUNCTION=<name>`) and `npm run images` build its image too.
   */
  image?: boolean;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'observe-slos',
    summary: "asks Prometheus how each request's SLOs are doing and writes the answers into the package as a local-config SloObservation",
  },
  {
    name: 'kpt-results',
    summary:
      "turns kpt's results file into a CI platform's annotations on the file and line: GitHub workflow commands, GitLab code quality, SARIF; fails on an error",
  },
  {
    name: 'focom-status',
    image: true,
    summary:
      "a controller for the SMO: writes each FocomProvisioningRequest's status (Pending, Provisioning, Delivering, Ready, Failed) from its Flux Kustomization and, for a cluster request, its O2IMS ProvisioningRequest",
  },
  {
    name: 'provision-seed',
    summary:
      'runs the seed scenario for real on this machine: SMO and edge clusters, Porch, Flux and kwok fake nodes, the package published and delivered, each request to Ready',
  },
];
