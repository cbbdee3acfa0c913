/**
 * A complete KRM function on @focom/krm-runtime: sets `metadata.labels.team` on every resource
 * that has no team label yet (not on the Kptfile or local-config objects, which are not deployed), from its functionConfig (a ConfigMap `data.team` or an
 * `example.com/v1 SetTeamLabelConfig` with `spec.team`). Comments, key order and quoting of every
 * item are kept; an item it does not change is written back byte for byte.
 *
 *   kpt fn eval <package> --exec ./set-team-label -- team=ran
 *
 * where `set-team-label` is `exec node --import tsx <this file> "$@"` or its esbuild bundle.
 */
import {
  type ConfigSpec,
  type KrmFunction,
  errorResult,
  hasErrors,
  infoResult,
  main,
  matching,
  plural,
  readFunctionConfig,
} from '@focom/krm-runtime';

interface SetTeamLabelSettings {
  team: string;
}

const CONFIG: ConfigSpec<SetTeamLabelSettings> = {
  typedKind: { apiVersion: 'example.com/v1', kind: 'SetTeamLabelConfig' },
  fields: {
    team: matching(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a label value', '', 'The team every item is labelled with.'),
  },
  validate: (config) => (config.team === '' ? [{ key: 'team', message: 'must be set' }] : []),
};

export const setTeamLabel: KrmFunction = {
  name: 'set-team-label',
  usage: 'Sets metadata.labels.team on every item that has none.',
  config: CONFIG,
  process(list) {
    const config = readFunctionConfig(list.functionConfig, CONFIG);
    if (hasErrors(config.results)) return { results: config.results, summary: 'labelled no resource' };
    let labelled = 0;
    const results = [...config.results];
    const deployed = list.items.filter(
      (item) => item.kind !== 'Kptfile' && item.getIn(['metadata', 'annotations', 'config.kubernetes.io/local-config']) !== 'true',
    );
    for (const item of deployed) {
      const current = item.getIn(['metadata', 'labels', 'team']);
      if (current === undefined) {
        item.setIn(['metadata', 'labels', 'team'], config.value.team);
        labelled++;
      } else if (typeof current !== 'string') {
        results.push(errorResult('must be a string', item.subject, { path: 'metadata.labels.team' }));
      } else if (current !== config.value.team) {
        results.push(infoResult(`keeps its team label ${JSON.stringify(current)}`, item.subject));
      }
    }
    return { results, summary: `labelled ${labelled} of ${plural(deployed.length, 'resource')}` };
  },
};

if (require.main === module) main(setTeamLabel);
