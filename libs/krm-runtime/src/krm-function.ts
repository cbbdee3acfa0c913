import type { TypedKind } from './function-config';
import type { ResourceList } from './resource-list';
import type { Result } from './results';

/** What a function reports: its results, and the sentence for its closing info summary. */
export interface FunctionOutcome {
  results: Result[];
  summary: string;
}

/**
 * A KRM function as a pure processor: it edits `list.items` in place and returns results.
 * Problems a user can fix are results; only bugs throw.
 */
export interface KrmFunction {
  /** The executable's name, e.g. `validate-template-params`. */
  name: string;
  /** One paragraph for `--help`: what it does and its functionConfig keys. */
  usage: string;
  process(list: ResourceList): FunctionOutcome;
  /** The functionConfig it reads: its typed kind and key names (another function may run it as a stage). */
  config?: FunctionConfigShape;
}

/** What of a function's ConfigSpec a caller needs to hand it its own part of a shared functionConfig. */
export interface FunctionConfigShape {
  typedKind: TypedKind;
  fields: object;
}
