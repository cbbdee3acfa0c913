import type Ajv from 'ajv';
import type { Options } from 'ajv';
import Draft07 from 'ajv';
import Draft2020 from 'ajv/dist/2020';
import { ALL_FORMATS } from './all-formats';

/**
 * ajv with every format registered. A module of its own, loaded only when a schema must be
 * compiled at run time (a TemplateInfo's schema string): the function bundles leave it out and
 * load `dist/bundle/ajv-engine.js` on demand, so a run that meets only built-in templates never
 * reads ajv.
 */
export function newAjv(draft: '07' | '2020-12', options: Options): Ajv {
  const ajv = draft === '07' ? new Draft07(options) : new Draft2020(options);
  for (const [name, format] of Object.entries(ALL_FORMATS)) ajv.addFormat(name, format);
  return ajv;
}
