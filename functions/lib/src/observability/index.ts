export * from './slo';
export * from './sloth-rules';
export * from './monitoring-objects';
