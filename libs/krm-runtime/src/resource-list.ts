import type { KrmItem } from './krm-item';

export const RESOURCE_LIST_API_VERSIONS = [
  'config.kubernetes.io/v1',
  'config.kubernetes.io/v1beta1',
  'config.kubernetes.io/v1alpha1',
  'v1',
] as const;

/** Whether `apiVersion` and `kind` name a ResourceList this runtime reads. */
export function isResourceListHeader(apiVersion: string, kind: string): boolean {
  return (kind === 'ResourceList' || kind === 'List') && (RESOURCE_LIST_API_VERSIONS as readonly string[]).includes(apiVersion);
}

/** A ResourceList being processed: functions add, edit and remove `items`. */
export interface ResourceList {
  apiVersion: string;
  kind: 'ResourceList' | 'List';
  items: KrmItem[];
  functionConfig?: KrmItem;
  /** Column of the items' `-` in the input, so new items line up with the ones passed through. */
  seqIndent: number;
  /** Comment lines between `items:` and the first item, written back in place. */
  itemsPrologue?: string;
  /** The input's `functionConfig:` entry, written back verbatim. */
  functionConfigText?: string;
}
