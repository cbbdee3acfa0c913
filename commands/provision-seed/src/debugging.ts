/**
 * The seed's "Debugging Commands", for the clusters a --keep run leaves running: real kubectl
 * command lines with the kubeconfig paths, and where each controller's log is (they run as
 * processes, not pods, so their logs are files). A run without --keep has stopped its clusters
 * before anyone could type them: it says how to reach them instead.
 */
export interface DebugContext {
  kubectl: string;
  smoKubeconfig: string;
  edgeKubeconfig: string;
  /** The requests' SMO namespaces and names. */
  requests: { namespace: string; name: string }[];
  /** The edge namespaces the workloads run in. */
  workloadNamespaces: string[];
  logs: { name: string; file: string }[];
}

export function debuggingCommands(c: DebugContext): string {
  const smo = `${c.kubectl} --kubeconfig ${c.smoKubeconfig}`;
  const edge = `${c.kubectl} --kubeconfig ${c.edgeKubeconfig}`;
  const namespaces = [...new Set(c.requests.map((r) => r.namespace))].sort();
  const lines = ['Debugging commands:', '', '  # The FoCoM CRs and their status on the SMO'];
  for (const ns of namespaces) lines.push(`  ${smo} get oclouds,templateinfos,focomprovisioningrequests -n ${ns}`);
  for (const r of c.requests) lines.push(`  ${smo} get focomprovisioningrequests ${r.name} -n ${r.namespace} -o yaml`);
  lines.push('', '  # Delivery: the Flux objects on the SMO, and the Porch package revisions');
  for (const ns of namespaces) lines.push(`  ${smo} get gitrepositories,kustomizations -n ${ns}`);
  lines.push(`  ${smo} get packagerevisions -n default`);
  lines.push('', '  # The workloads on the edge O-Cloud (kwok fake nodes)');
  lines.push(`  ${edge} get nodes`);
  for (const ns of c.workloadNamespaces) lines.push(`  ${edge} get deployments,pods -n ${ns} -o wide`);
  lines.push('', '  # Logs (the controllers run as local processes)', ...logLines(c.logs));
  return lines.join('\n');
}

function logLines(logs: DebugContext['logs']): string[] {
  return logs.map((log) => `  tail -n 50 ${log.file}    # ${log.name}`);
}

/**
 * After a run without --keep: the clusters are stopped, so no kubectl command would answer. How
 * to get clusters to look at, and the logs when they outlive the run (a --work-dir is kept).
 */
export function reachingStoppedClusters(rerun: string, keptLogs: DebugContext['logs'] | undefined): string {
  const lines = [
    'The clusters are stopped. To look around with kubectl, run again with --keep:',
    `  ${rerun} --keep`,
    'it leaves them running and prints the kubectl commands, with their kubeconfig paths.',
  ];
  if (keptLogs !== undefined && keptLogs.length > 0) lines.push('', 'Logs (kept in the work directory):', ...logLines(keptLogs));
  return lines.join('\n');
}
