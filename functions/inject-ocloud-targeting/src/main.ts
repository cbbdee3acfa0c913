import { main } from '../../lib/src';
import { injectOcloudTargeting } from './inject-ocloud-targeting';

main(injectOcloudTargeting);
