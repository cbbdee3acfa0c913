import type { KrmItem } from '@focom/krm-runtime';

/** Which dialect a resource was written in; read once, then never asked again. */
export type Dialect = 'seed' | 'upstream';

/** A value together with the dotted kpt path of the field that holds it. */
export interface Located<T> {
  value: T;
  path: string;
}

/** A reference to another object, with the field that holds it. */
export interface ObjectRef {
  name: string;
  namespace: string;
  path: string;
}

export interface SecretRef extends ObjectRef {
  /** The key of the Secret that holds the kubeconfig. */
  key: string;
}

export interface OCloud {
  item: KrmItem;
  dialect: Dialect;
  name: string;
  namespace: string;
  endpoint?: Located<string>;
  secretRef?: SecretRef;
  /** The O2IMS API its ProvisioningRequests target (focom.nephio.org/o2ims-api); unset: O2IMS_API_VERSION. */
  o2imsApi?: string;
  /** Cluster requests of other packages that provision it (focom.nephio.org/cluster-requests). */
  clusterRequests?: string[];
}

export interface TemplateInfo {
  item: KrmItem;
  dialect: Dialect;
  name: string;
  namespace: string;
  templateName: Located<string>;
  templateVersion?: Located<string>;
  /** Seed dialect: default parameter values for every request using this TemplateInfo. */
  parameters?: Located<Record<string, unknown>>;
  /** Upstream dialect: a JSON Schema, as a string holding JSON or YAML. */
  parameterSchema?: Located<string>;
}

export interface ProvisioningRequest {
  item: KrmItem;
  dialect: Dialect;
  name: string;
  namespace: string;
  displayName?: string;
  description?: string;
  templateInfoRef: ObjectRef;
  /** Upstream dialect: the template name and version the request asks for. */
  templateName?: Located<string>;
  templateVersion?: Located<string>;
  ocloudRef: ObjectRef;
  parameters: Located<Record<string, unknown>>;
}

/** Everything the functions read from a package, normalised. */
export interface FocomModel {
  oclouds: OCloud[];
  templateInfos: TemplateInfo[];
  requests: ProvisioningRequest[];
}
