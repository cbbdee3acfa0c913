import { main } from '@focom/krm-runtime';
import { injectOCloudTargeting } from './inject-ocloud-targeting';

main(injectOCloudTargeting);
