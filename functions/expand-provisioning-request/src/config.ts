import type { ConfigSpec } from '../../lib/src';
import { UNKNOWN_TEMPLATE_FIELD, type UnknownTemplatePolicy } from '../../lib/src/focom';

export interface ExpandProvisioningRequestSettings {
  unknownTemplate: UnknownTemplatePolicy;
}

export const EXPAND_CONFIG: ConfigSpec<ExpandProvisioningRequestSettings> = {
  typedKind: 'ExpandProvisioningRequestConfig',
  fields: { unknownTemplate: UNKNOWN_TEMPLATE_FIELD },
};
