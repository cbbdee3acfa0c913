export * from './render-request';
export * from './template-authoring';
export * from './template-diff';
