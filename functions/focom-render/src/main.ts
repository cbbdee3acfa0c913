import { main } from '../../lib/src';
import { focomRender } from './focom-render';

main(focomRender);
