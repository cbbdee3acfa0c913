/**
 * The text of `slo-observations.yaml`. The command owns the file's `spec`, which it rewrites on
 * every run; what lies outside it is the user's and is kept through the `yaml` Document: comments
 * above `apiVersion`, metadata with its comments (labels, annotations a team adds). Comments
 * inside `spec` do not survive a run.
 */
import { parseDocument, isMap } from 'yaml';
import { LOCAL_CONFIG_ANNOTATION } from '@focom/krm-runtime';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { YAML_OUTPUT_OPTIONS, YAML_READ_OPTIONS, createNode, toYamlText } from '@focom/krm-runtime';
import {
  OBSERVATION_FILE,
  type SloObservationSpec,
  isObservationObject,
  observationObject,
  observationSpecValue,
} from '@focom/observability';

const HEADER = [
  '# Written by observe-slos: Prometheus observations of the SLOs of this package, read by the render',
  '# to gate changes. Each run rewrites spec; comments above apiVersion and in metadata are kept.',
].join('\n');

/** The file's new text: `existing` (the file as it is, if any) with its spec replaced. */
export function observationFileText(existing: string | undefined, spec: SloObservationSpec): Outcome<string> {
  if (existing === undefined || existing.trim() === '') return succeed(`${HEADER}\n${toYamlText(observationObject(spec))}`);
  const document = parseDocument(existing, YAML_READ_OPTIONS);
  const problem = document.errors[0];
  if (problem)
    return fail(`${OBSERVATION_FILE} is not valid YAML (${problem.message.split('\n')[0]}); fix it or delete it to start afresh`);
  if (!isMap(document.contents) || !isObservationObject(document.toJS() as { apiVersion?: unknown; kind?: unknown }))
    return fail(`${OBSERVATION_FILE} holds something other than one SloObservation; move it away or delete it to start afresh`);
  const fresh = observationObject(spec) as { metadata: { name: string } };
  if (document.getIn(['metadata', 'name']) === undefined) document.setIn(['metadata', 'name'], fresh.metadata.name);
  if (document.getIn(['metadata', 'annotations', LOCAL_CONFIG_ANNOTATION]) !== 'true')
    document.setIn(['metadata', 'annotations', LOCAL_CONFIG_ANNOTATION], createNode(document, 'true'));
  document.set('spec', createNode(document, observationSpecValue(spec)));
  return succeed(document.toString(YAML_OUTPUT_OPTIONS));
}
