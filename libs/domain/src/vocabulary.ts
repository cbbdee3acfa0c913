/** The project's API: group names, kinds, labels and annotations. Keep these names stable. */
export const FOCOM_GROUP = 'focom.nephio.org';
export const UPSTREAM_PROVISIONING_GROUP = 'provisioning.oran.org';
export const O2IMS_API_VERSION = 'o2ims.provisioning.oran.org/v1alpha1';
/** openshift-kni/oran-o2ims's ProvisioningRequest since mid-2025: cluster-scoped, named with a UUID. */
export const CLCM_API_VERSION = 'clcm.openshift.io/v1alpha1';
/** On an OCloud: which O2IMS API its ProvisioningRequests are written for (O2IMS_API_VERSION by default). */
export const O2IMS_API_ANNOTATION = 'focom.nephio.org/o2ims-api';
/**
 * On an OCloud: the cluster requests (of other packages) that provision its cluster, comma-separated;
 * its workload requests' delivery waits for them as for a cluster request of their own package.
 */
export const CLUSTER_REQUESTS_ANNOTATION = 'focom.nephio.org/cluster-requests';

export const OCLOUD_KIND = 'OCloud';
export const TEMPLATE_INFO_KIND = 'TemplateInfo';
export const REQUEST_KIND = 'FocomProvisioningRequest';
/** A package-local template (local-config) that overrides the built-in library. */
export const TEMPLATE_KIND = 'FocomTemplate';

export const REQUEST_LABEL = 'focom.nephio.org/provisioning-request';
export const TEMPLATE_ANNOTATION = 'focom.nephio.org/template';
export const OCLOUD_LABEL = 'focom.nephio.org/ocloud';
export const CLUSTER_NAME_ANNOTATION = 'nephio.org/cluster-name';

/** Where generated resources live in the package, one folder per request. */
export const GENERATED_DIR = 'generated';
/**
 * On generated resources after a template version change: the template (`<name>@<version>`) the
 * request was rendered with before, so every later render still shows what the change was.
 */
export const PREVIOUS_TEMPLATE_ANNOTATION = 'focom.nephio.org/previous-template';
/**
 * Beside it: what that change did to the request's resources (`upgraded from 5g-ran-du@v1.0.0 to
 * v1.1.0: added NetworkPolicy ran-du; changed ...`), worked out when the change was rendered, so
 * it stays readable after the earlier template is gone (a template folder kpt pkg update replaced).
 */
export const TEMPLATE_CHANGE_ANNOTATION = 'focom.nephio.org/template-change';

/** Condition types inject-ocloud-targeting owns on the Kptfile: one per request, as Nephio names them. */
export const CONDITION_PREFIX = 'focom.nephio.org/v1alpha1.FocomProvisioningRequest.';
/**
 * The SLO condition of each request: its own type, so a reviewer (and Porch) sees the SLO gate
 * apart from targeting. Another group (`slo.`), so neither prefix is a prefix of the other.
 */
export const SLO_CONDITION_PREFIX = 'slo.focom.nephio.org/v1alpha1.FocomProvisioningRequest.';

/** The group of the functions' typed functionConfig kinds (`ValidateTemplateParamsConfig`, ...). */
export const FUNCTION_CONFIG_API_VERSION = 'fn.focom.nephio.org/v1alpha1';

export function functionConfigKind(kind: string): { apiVersion: string; kind: string } {
  return { apiVersion: FUNCTION_CONFIG_API_VERSION, kind };
}

/**
 * Words every resource a function could act on contains: the FoCoM groups (also in every label,
 * annotation and condition the functions write) and the kinds they read in any group (a
 * TemplateInfo of an unknown group still gets a warning; `ProvisioningRequest` is in the request
 * kind and in the O2IMS kind the functions write). An input with none of them has nothing for the functions, and the
 * launcher passes it through without reading it (written beside each bundle by the build).
 */
export const FUNCTION_CONCERNS = new RegExp(
  [FOCOM_GROUP, UPSTREAM_PROVISIONING_GROUP, OCLOUD_KIND, TEMPLATE_INFO_KIND, TEMPLATE_KIND, 'ProvisioningRequest']
    .map((word) => word.replace(/[.]/g, '\\.'))
    .join('|'),
);
