import type { ConfigSpec } from '../../lib/src';
import { UNKNOWN_TEMPLATE_CONFIG_KEY } from '../../lib/src/focom';

export const EXPAND_CONFIG: ConfigSpec = {
  typedKind: 'ExpandProvisioningRequestConfig',
  keys: [UNKNOWN_TEMPLATE_CONFIG_KEY],
};
