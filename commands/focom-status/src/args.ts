import { type Outcome, fail, succeed } from '@focom/krm-runtime';

export const USAGE = `Usage: focom-status [--kubeconfig FILE] [--namespace NS] [--resync SECONDS]

Watches FocomProvisioningRequests on the SMO cluster and the Flux Kustomizations that deliver
them (and, for a cluster request, its ProvisioningRequest on the O-Cloud, through the kubeconfig
Secret its Kustomization names), and writes each request's status: phase (Pending, Provisioning,
Delivering, Ready, Failed), message, conditions (Delivered, Provisioned or ClusterReady, Ready),
the O2IMS's phase and details, observedGeneration. Stops on SIGTERM or SIGINT.

  --kubeconfig FILE   the SMO cluster (default: $KUBECONFIG, else ~/.kube/config, else the pod's
                      service account when it runs in the cluster)
  --namespace NS      only the requests of this namespace (default: every namespace)
  --resync SECONDS    re-derive every status and re-read the O-Cloud Secrets this often (default 60)`;

export type Invocation = { kind: 'help' } | { kind: 'run'; kubeconfig?: string; namespace?: string; resyncSeconds: number };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function parseArgs(argv: readonly string[]): Outcome<Invocation> {
  let kubeconfig: string | undefined;
  let namespace: string | undefined;
  let resyncSeconds = 60;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return succeed({ kind: 'help' });
    const value = argv[i + 1];
    if (!['--kubeconfig', '--namespace', '--resync'].includes(arg)) return fail(`unknown argument ${JSON.stringify(arg)}`);
    if (value === undefined || value.startsWith('--')) return fail(`${arg} needs a value`);
    i++;
    if (arg === '--kubeconfig') kubeconfig = value;
    else if (arg === '--namespace') {
      if (!DNS_LABEL.test(value)) return fail(`--namespace must be a namespace name (a DNS-1123 label), got ${JSON.stringify(value)}`);
      namespace = value;
    } else {
      const seconds = Number(value);
      if (!/^\d+$/.test(value) || seconds < 1 || seconds > 86_400)
        return fail(`--resync must be whole seconds from 1 to 86400, got ${JSON.stringify(value)}`);
      resyncSeconds = seconds;
    }
  }
  return succeed({ kind: 'run', ...(kubeconfig ? { kubeconfig } : {}), ...(namespace ? { namespace } : {}), resyncSeconds });
}
