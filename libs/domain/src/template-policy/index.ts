export * from './allow-list';
export * from './check-generated';
export * from './namespaces';
export * from './pod-security';
export * from './pod-templates';
export * from './rbac';
export * from './violation';
export * from './violation-result';
