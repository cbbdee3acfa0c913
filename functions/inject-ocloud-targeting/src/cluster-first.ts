/**
 * The cluster first, workloads after. A cluster request renders an O2IMS ProvisioningRequest;
 * the workload requests on the same OCloud wait for it: their Flux Kustomization depends on the
 * cluster request's, which turns Ready only once the O2IMS reports the request fulfilled.
 */
import type { KrmItem } from '@focom/krm-runtime';
import { PROVISIONING_PHASE_FIELD, type RequestCheck, compareCodePoints } from '@focom/domain';

const PROVISIONING_REQUEST = 'ProvisioningRequest';

function isProvisioningRequest(item: KrmItem): boolean {
  return item.kind === PROVISIONING_REQUEST && PROVISIONING_PHASE_FIELD[item.apiVersion] !== undefined;
}

/**
 * A request that provisions its O-Cloud's cluster: its template is outside the library (it
 * renders a ProvisioningRequest), or what it rendered holds one. Decided from the TemplateInfo
 * too, so a cluster request that does not render this time still holds its workloads back.
 */
export function isClusterRequest(check: RequestCheck, generated: readonly KrmItem[]): boolean {
  return (check.templateInfo !== undefined && check.resolved === undefined) || generated.some(isProvisioningRequest);
}

function ocloudKey(check: RequestCheck): string | undefined {
  return check.ocloud ? `${check.ocloud.namespace}/${check.ocloud.name}` : undefined;
}

/** The cluster requests of each OCloud (by `<namespace>/<name>`), their names in code-point order. */
export function clusterRequestsByOCloud(
  checks: readonly RequestCheck[],
  generatedOf: (check: RequestCheck) => readonly KrmItem[],
): Map<string, string[]> {
  const byOCloud = new Map<string, string[]>();
  for (const check of checks) {
    const key = ocloudKey(check);
    if (key === undefined || !isClusterRequest(check, generatedOf(check))) continue;
    byOCloud.set(key, [...(byOCloud.get(key) ?? []), check.request.name].sort(compareCodePoints));
  }
  return byOCloud;
}

/**
 * The cluster requests a workload request waits for: those of its package on its OCloud, and
 * those the OCloud names (focom.nephio.org/cluster-requests); none for a cluster request itself.
 */
export function clusterRequestsBefore(
  check: RequestCheck,
  generated: readonly KrmItem[],
  byOCloud: ReadonlyMap<string, readonly string[]>,
): string[] {
  const key = ocloudKey(check);
  if (key === undefined || isClusterRequest(check, generated)) return [];
  const named = check.ocloud?.clusterRequests ?? [];
  return [...new Set([...(byOCloud.get(key) ?? []), ...named])].filter((name) => name !== check.request.name).sort(compareCodePoints);
}

/** A Flux custom health check (kustomize.toolkit.fluxcd.io/v1 `spec.healthCheckExprs[]`). */
export interface HealthCheckExpr {
  apiVersion: string;
  kind: string;
  current: string;
  failed: string;
}

/**
 * Flux health checks that make a cluster request's Kustomization Ready only when each
 * ProvisioningRequest it applies is fulfilled, and fail it early when the O2IMS reports failed.
 * Until the O2IMS writes a status the expressions cannot be evaluated and Flux keeps waiting.
 */
export function provisioningHealthChecks(generated: readonly KrmItem[]): HealthCheckExpr[] {
  const apiVersions = [...new Set(generated.filter(isProvisioningRequest).map((item) => item.apiVersion))].sort(compareCodePoints);
  return apiVersions.map((apiVersion) => {
    const phase = `status.?provisioningStatus.?${PROVISIONING_PHASE_FIELD[apiVersion]}.orValue('')`;
    return { apiVersion, kind: PROVISIONING_REQUEST, current: `${phase} == 'fulfilled'`, failed: `${phase} == 'failed'` };
  });
}
