/** Annotations kpt uses to track where an item lives. Never drop or rewrite them on items you did not create. */
export const PATH_ANNOTATION = 'config.kubernetes.io/path';
export const INDEX_ANNOTATION = 'config.kubernetes.io/index';
export const INTERNAL_PATH_ANNOTATION = 'internal.config.kubernetes.io/path';
export const INTERNAL_INDEX_ANNOTATION = 'internal.config.kubernetes.io/index';
export const PACKAGE_PATH_ANNOTATION = 'internal.config.kubernetes.io/package-path';
export const ID_ANNOTATION = 'internal.config.kubernetes.io/id';
export const LOCAL_CONFIG_ANNOTATION = 'config.kubernetes.io/local-config';
