/** The KRM function runtime: ResourceList I/O, items, results, typed functionConfig and the launcher. */
export * from './ambiguous-scalar';
export * from './annotations';
export * from './function-config';
export * from './input-error';
export * from './krm-function';
export * from './krm-item';
export * from './outcome';
export * from './plain-object';
export * from './read-resource-list';
export * from './resource-list';
export * from './results';
export * from './run-function';
export * from './write-resource-list';
export * from './yaml-format';
export * from './plural';
export * from './package-order';
export * from './stages';
export * from './root-kptfile';
export * from './kubernetes-names';
export * from './item-location';
// The launcher: what a build step needs to bundle a function and start it fast (see README.md).
export { launchBundle, WRITE_CODE_CACHE_ENV } from './launch-bundle';
export { idleOutputOf, passThroughIdle, type IdleOutput } from './idle-pass-through';
export { NODE_FLAGS } from './node-flags';
