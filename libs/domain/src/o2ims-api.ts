/**
 * Which O2IMS API generation an OCloud's ProvisioningRequests are written for, and the name a
 * request gets there. Nephio's o2ims operator serves `o2ims.provisioning.oran.org/v1alpha1` (the
 * default); openshift-kni/oran-o2ims serves `clcm.openshift.io/v1alpha1`, whose requests are
 * named with a UUID. The UUID is derived, not random, so a second render writes the same name.
 */
import { v5 as uuidV5 } from 'uuid';
import { CLCM_API_VERSION, O2IMS_API_VERSION } from './vocabulary';

export const O2IMS_APIS: readonly string[] = [O2IMS_API_VERSION, CLCM_API_VERSION];

/**
 * The UUIDv5 namespace of ProvisioningRequest names (a fixed random UUID, part of the project's
 * API: changing it renames every clcm request).
 */
export const PROVISIONING_REQUEST_NAME_NAMESPACE = '3f0c8a4e-5b7d-4c1a-9e26-8d4b1f6a2c73';

/**
 * The status field in which each API's O2IMS reports how provisioning goes: Nephio's operator
 * writes `provisioningState` (progressing, fulfilled, failed, deleting), oran-o2ims
 * `provisioningPhase` (pending, progressing, fulfilled, failed, deleting); both explain it in
 * `provisioningDetails`.
 */
export const PROVISIONING_PHASE_FIELD: Readonly<Record<string, string>> = {
  [O2IMS_API_VERSION]: 'provisioningState',
  [CLCM_API_VERSION]: 'provisioningPhase',
};

/** Why an annotation value names no O2IMS API the functions write, or undefined when it does. */
export function o2imsApiProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && O2IMS_APIS.includes(value)) return undefined;
  return `must be one of ${O2IMS_APIS.join(', ')}, got ${JSON.stringify(value)}`;
}

/**
 * The name of the clcm ProvisioningRequest of a request on an OCloud: UUIDv5 of
 * `<ocloud namespace>/<ocloud name>/<request namespace>/<request name>` (names hold no `/`).
 */
export function clcmRequestName(ocloud: { namespace: string; name: string }, request: { namespace: string; name: string }): string {
  return uuidV5(`${ocloud.namespace}/${ocloud.name}/${request.namespace}/${request.name}`, PROVISIONING_REQUEST_NAME_NAMESPACE);
}
