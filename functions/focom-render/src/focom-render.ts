import { functionConfigKind } from '@focom/domain';
import { stagesAsOne } from '@focom/krm-runtime';
import { expandProvisioningRequest } from '@focom/expand-provisioning-request';
import { injectOCloudTargeting } from '@focom/inject-ocloud-targeting';
import { validateTemplateParams } from '@focom/validate-template-params';

/**
 * The whole FoCoM render in one process: validate, expand, inject. It writes the same files and
 * conditions as the three functions in a pipeline, at the cost of one Node start (and, in
 * Porch, one function-runner pod) instead of three.
 */
export const focomRender = stagesAsOne('focom-render', functionConfigKind('FocomRenderConfig'), [
  validateTemplateParams,
  expandProvisioningRequest,
  injectOCloudTargeting,
]);
