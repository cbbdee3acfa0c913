import { main } from '@focom/krm-runtime';
import { focomRender } from './focom-render';

main(focomRender);
