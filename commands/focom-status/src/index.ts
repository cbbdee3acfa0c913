/** The controller, for provision-seed to run in its own process (bin/focom-status is main.ts). */
export { type Controller, type ControllerOptions, startController } from './controller';
export type { Phase } from './request-status';
