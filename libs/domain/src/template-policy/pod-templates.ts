import type { KrmObject } from '@focom/krm-runtime';
import { getPath, isPlainObject } from '@focom/krm-runtime';
import type { PodTemplateAt } from './pod-security';

/** Where each kind that runs pods keeps its pod template. */
const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  PodTemplate: ['template'],
  ReplicationController: ['spec', 'template'],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The pod template of a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController or PodTemplate. */
export function podTemplateOf(object: KrmObject): PodTemplateAt | undefined {
  if (typeof object.kind !== 'string' || !Object.prototype.hasOwnProperty.call(POD_TEMPLATE_PATHS, object.kind)) return undefined;
  const steps = POD_TEMPLATE_PATHS[object.kind];
  const template = steps.length === 0 ? object : getPath(object, ...steps);
  const spec = getPath(template, 'spec');
  if (!isPlainObject(spec)) return undefined;
  return { metadata: getPath(template, 'metadata'), spec, base: steps.join('.') };
}
