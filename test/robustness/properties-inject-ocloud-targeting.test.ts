import { injectOCloudTargeting } from '../../functions/inject-ocloud-targeting/src/inject-ocloud-targeting';
import { describeProperties } from './properties';

describeProperties(injectOCloudTargeting);
