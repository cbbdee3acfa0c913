import { stagesAsOne } from '../../lib/src';
import { expandProvisioningRequest } from '../../expand-provisioning-request/src/expand-provisioning-request';
import { injectOCloudTargeting } from '../../inject-ocloud-targeting/src/inject-ocloud-targeting';
import { validateTemplateParams } from '../../validate-template-params/src/validate-template-params';

/**
 * The whole FoCoM render in one process: validate, expand, inject. It writes the same files and
 * conditions as the three functions in a pipeline, at the cost of one Node start (and, in
 * Porch, one function-runner pod) instead of three.
 */
export const focomRender = stagesAsOne('focom-render', 'FocomRenderConfig', [
  validateTemplateParams,
  expandProvisioningRequest,
  injectOCloudTargeting,
]);
