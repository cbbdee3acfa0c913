export * from './slo';
export * from './sloth-rules';
export * from './monitoring-objects';
export * from './duration';
export * from './slo-observation';
export * from './gate-settings';
export * from './slo-gate';
