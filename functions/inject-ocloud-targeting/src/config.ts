import { type ConfigSpec, matching, oneOf } from '../../lib/src';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ANY = /^.*$/;

export interface InjectSettings {
  delivery: 'flux' | 'argocd' | 'none';
  sourceName: string;
  repoPath: string;
  interval: string;
  repoURL: string;
  targetRevision: string;
  argocdNamespace: string;
}

export const INJECT_CONFIG: ConfigSpec<InjectSettings> = {
  typedKind: 'InjectOCloudTargetingConfig',
  fields: {
    delivery: oneOf(['flux', 'argocd', 'none'], 'flux', 'The GitOps object emitted per request.'),
    sourceName: matching(DNS_LABEL, 'a DNS-1123 label', 'focom-packages', 'Flux: the GitRepository holding this package.'),
    repoPath: matching(
      /^\.(\/[^\s]*)?$/,
      'a path starting with "."',
      '.',
      'Path of this package inside the Git repository, e.g. ./sites/edge-a.',
    ),
    interval: matching(/^(\d+(ms|s|m|h))+$/, 'a Go duration such as 10m or 1h30m', '10m', 'Flux: how often the edge is reconciled.'),
    repoURL: matching(ANY, 'a string', '', 'Argo CD: URL of the Git repository holding this package (required for argocd).'),
    targetRevision: matching(ANY, 'a string', 'main', 'Argo CD: the branch, tag or commit to deliver.'),
    argocdNamespace: matching(DNS_LABEL, 'a DNS-1123 label', 'argocd', 'Argo CD: the namespace Argo CD watches for Applications.'),
  },
  validate(settings) {
    if (settings.delivery !== 'argocd' || settings.repoURL !== '') return [];
    return [{ key: 'repoURL', message: 'must be set when delivery is argocd: the URL of the Git repository holding this package' }];
  },
};
