import type { ConfigSpec } from '../../lib/src';

const NAME = { regex: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, description: 'a DNS-1123 label' };
const ANY = { regex: /^.*$/, description: 'a string' };

export const INJECT_CONFIG: ConfigSpec = {
  typedKind: 'InjectOCloudTargetingConfig',
  keys: [
    { name: 'delivery', description: 'The GitOps object emitted per request.', values: ['flux', 'argocd', 'none'], default: 'flux' },
    { name: 'sourceName', description: 'Flux: the GitRepository holding this package.', values: [], default: 'focom-packages', pattern: NAME },
    { name: 'repoPath', description: 'Path of this package inside the Git repository, e.g. ./sites/edge-a.', values: [], default: '.', pattern: { regex: /^\.(\/[^\s]*)?$/, description: 'a path starting with "."' } },
    { name: 'interval', description: 'Flux: how often the edge is reconciled.', values: [], default: '10m', pattern: { regex: /^(\d+(ms|s|m|h))+$/, description: 'a Go duration such as 10m or 1h30m' } },
    { name: 'repoURL', description: 'Argo CD: URL of the Git repository holding this package (required for argocd).', values: [], default: '', pattern: ANY },
    { name: 'targetRevision', description: 'Argo CD: the branch, tag or commit to deliver.', values: [], default: 'main', pattern: ANY },
    { name: 'argocdNamespace', description: 'Argo CD: the namespace Argo CD watches for Applications.', values: [], default: 'argocd', pattern: NAME },
  ],
};

export interface InjectSettings {
  delivery: 'flux' | 'argocd' | 'none';
  sourceName: string;
  repoPath: string;
  interval: string;
  repoURL: string;
  targetRevision: string;
  argocdNamespace: string;
}
