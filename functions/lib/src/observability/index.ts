export * from './slo';
export * from './sloth-rules';
