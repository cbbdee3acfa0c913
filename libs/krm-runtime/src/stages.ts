import { type ConfigSpec, type TypedKind, configSection, readFunctionConfig, typedKindText, wrongConfigKind } from './function-config';
import { KrmItem, type KrmObject } from './krm-item';
import type { FunctionConfigShape, KrmFunction } from './krm-function';
import { isPlainObject, setOwn } from './plain-object';
import { type Result, errorResult, hasErrors } from './results';
import { closingResult } from './run-function';

/**
 * Several functions as one: each stage processes the list the one before it left, in the same
 * process, as `kpt fn render` would run them one after another. Every stage's results are kept,
 * prefixed with the stage's name, each followed by the stage's own closing summary, and the run
 * stops after a stage that reports an error, as kpt stops a pipeline. One functionConfig serves
 * all stages: each stage is handed the keys it knows, in its own typed kind, and a key no stage
 * knows is an error. The functionConfig is checked for every stage before any runs, so that all
 * its problems are reported in one run (not a later stage's only once an earlier stage's are fixed).
 */
export function stagesAsOne(name: string, typedKind: TypedKind, stages: readonly KrmFunction[]): KrmFunction {
  const stageNames = stages.map((s) => s.name).join(', ');
  return {
    name,
    usage: [
      `Runs ${stageNames} in one process, in that order, with the results each would give, prefixed by`,
      `stage; it stops after a stage that reports an error. One functionConfig serves every stage: a`,
      `ConfigMap (data.<key>) or ${typedKindText(typedKind)} (spec.<key>) holding any key`,
      `of the stages below.`,
      '',
      ...stages.map((s) => `${s.name}:\n${s.usage}`),
    ].join('\n'),
    process(list) {
      const shared = list.functionConfig;
      const sharedText = list.functionConfigText;
      const results: Result[] = [...unknownKeys(shared, typedKind, stages), ...configProblems(shared, typedKind, stages)];
      if (hasErrors(results)) return { results, summary: `ran 0 of ${stages.length} stages` };
      let ran = 0;
      const seen = new Set<string>();
      try {
        for (const stage of stages) {
          const view = stageConfig(shared, typedKind, stage.config);
          if (view) list.functionConfig = view;
          else delete list.functionConfig;
          const outcome = stage.process(list);
          ran += 1;
          const stageResults = [...firstReports(outcome.results, seen), closingResult(outcome.summary, outcome.results)];
          results.push(...stageResults.map((r) => ({ ...r, message: `${stage.name}: ${r.message}` })));
          if (hasErrors(outcome.results)) break;
        }
      } finally {
        if (shared) list.functionConfig = shared;
        else delete list.functionConfig;
        if (sharedText !== undefined) list.functionConfigText = sharedText;
      }
      return { results, summary: `ran ${ran} of ${stages.length} stages` };
    },
  };
}

/**
 * The results no earlier stage reported: the stages share their checks (expand validates as
 * validate does), so a warning about the package would otherwise be reported once per stage.
 */
function firstReports(results: readonly Result[], seen: Set<string>): Result[] {
  return results.filter((r) => {
    const key = JSON.stringify([r.severity, r.message, r.resourceRef, r.field, r.file]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Keys of the shared functionConfig that no stage reads. (Its kind and shape each stage checks.) */
function unknownKeys(config: KrmItem | undefined, typedKind: TypedKind, stages: readonly KrmFunction[]): Result[] {
  if (!config) return [];
  const section = configSection(config, typedKind);
  if (!section) return [wrongConfigKind(config, typedKind)];
  const values = config.object[section];
  if (!isPlainObject(values)) return [];
  const known = [...new Set(stages.flatMap((s) => Object.keys(s.config?.fields ?? {})))];
  return Object.keys(values)
    .filter((key) => !known.includes(key))
    .map((key) =>
      errorResult(`unknown functionConfig key "${key}"; known keys: ${known.join(', ')}`, config.subject, { path: `${section}.${key}` }),
    );
}

/**
 * Every stage's problems with its part of the shared functionConfig, each once: stages that share
 * keys (the SLO gate's) find the same problem, and it is reported without a stage's name.
 */
function configProblems(config: KrmItem | undefined, typedKind: TypedKind, stages: readonly KrmFunction[]): Result[] {
  if (!config || !configSection(config, typedKind)) return [];
  const seen = new Set<string>();
  return stages.flatMap((stage) => {
    if (!stage.config) return [];
    // The shape is the stage's ConfigSpec with its value type erased: only its problems are read here.
    const spec = stage.config as ConfigSpec<Record<string, unknown>>;
    const view = stageConfig(config, typedKind, stage.config);
    return readFunctionConfig(view, spec)
      .results.filter((r) => {
        const key = JSON.stringify([r.severity, r.message, r.field?.path]);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .map((r) => ({ ...r, ...config.subject }));
  });
}

/** The part of the shared functionConfig a stage reads, as that stage's own ConfigMap or typed kind. */
function stageConfig(config: KrmItem | undefined, typedKind: TypedKind, shape: FunctionConfigShape | undefined): KrmItem | undefined {
  if (!config || !shape) return undefined;
  const section = configSection(config, typedKind);
  const values = section ? config.object[section] : undefined;
  const own: Record<string, unknown> = {};
  if (isPlainObject(values))
    for (const key of Object.keys(shape.fields)) if (Object.prototype.hasOwnProperty.call(values, key)) setOwn(own, key, values[key]);
  const object: KrmObject = { ...config.object, [section ?? 'data']: own };
  if (section === 'spec') object.kind = shape.typedKind.kind;
  return KrmItem.fromObject(object);
}
