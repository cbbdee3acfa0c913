export { focomRender } from './focom-render';
