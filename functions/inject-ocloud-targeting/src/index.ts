export { injectOCloudTargeting } from './inject-ocloud-targeting';
export { INJECT_CONFIG, type InjectSettings } from './config';
export { deliveryFile, deliveryName } from './delivery';
