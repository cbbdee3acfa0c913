import { main } from '../../lib/src';
import { injectOCloudTargeting } from './inject-ocloud-targeting';

main(injectOCloudTargeting);
