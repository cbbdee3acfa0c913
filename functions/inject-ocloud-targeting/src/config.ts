import { type ConfigSpec, matching, oneOf } from '@focom/krm-runtime';
import { functionConfigKind } from '@focom/domain';
import { GATE_CONFIG_FIELDS, type GateConfig, validateGateConfig } from '@focom/observability';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ANY = /^.*$/;
const GO_DURATION = /^(\d+(ms|s|m|h))+$/;

export interface InjectSettings extends GateConfig {
  delivery: 'flux' | 'argocd' | 'configsync' | 'none';
  sourceName: string;
  repoPath: string;
  interval: string;
  timeout: string;
  repoURL: string;
  targetRevision: string;
  argocdNamespace: string;
  gitAuth: 'token' | 'ssh' | 'cookiefile' | 'gcenode' | 'gcpserviceaccount' | 'none';
}

export const INJECT_CONFIG: ConfigSpec<InjectSettings> = {
  typedKind: functionConfigKind('InjectOCloudTargetingConfig'),
  fields: {
    delivery: oneOf(['flux', 'argocd', 'configsync', 'none'], 'flux', 'The GitOps object emitted per request.'),
    sourceName: matching(DNS_LABEL, 'a DNS-1123 label', 'focom-packages', 'Flux: the GitRepository holding this package.'),
    repoPath: matching(
      /^\.(\/[^\s]*)?$/,
      'a path starting with "."',
      '.',
      'Path of this package inside the Git repository, e.g. ./sites/edge-a.',
    ),
    interval: matching(GO_DURATION, 'a Go duration such as 10m or 1h30m', '10m', 'Flux: how often the edge is reconciled.'),
    timeout: matching(
      GO_DURATION,
      'a Go duration such as 5m or 1h',
      '5m',
      "Flux: how long the Kustomization waits (wait: true) for the site's workloads to become healthy before it reports failure.",
    ),
    repoURL: matching(
      ANY,
      'a string',
      '',
      'Argo CD and Config Sync: URL of the Git repository holding this package (required for argocd and configsync).',
    ),
    targetRevision: matching(ANY, 'a string', 'main', 'Argo CD: the branch, tag or commit to deliver; Config Sync: the branch.'),
    gitAuth: oneOf(
      ['token', 'ssh', 'cookiefile', 'gcenode', 'gcpserviceaccount', 'none'],
      'token',
      "Config Sync: spec.git.auth; with any but none, the RootSync names the Secret <ocloud>-access-token-configsync (Nephio's name) in config-management-system.",
    ),
    argocdNamespace: matching(DNS_LABEL, 'a DNS-1123 label', 'argocd', 'Argo CD: the namespace Argo CD watches for Applications.'),
    ...GATE_CONFIG_FIELDS,
  },
  validate(settings) {
    const problems = validateGateConfig(settings);
    if ((settings.delivery !== 'argocd' && settings.delivery !== 'configsync') || settings.repoURL !== '') return problems;
    return [
      {
        key: 'repoURL',
        message: `must be set when delivery is ${settings.delivery}: the URL of the Git repository holding this package`,
        involves: ['delivery'],
      },
      ...problems,
    ];
  },
};
