import { type KrmFunction, describeConfig, plural, readFunctionConfig } from '@focom/krm-runtime';
import { checkPackage } from '@focom/domain';
import { checkTemplateAuthoring } from '@focom/rendering';
import { VALIDATE_CONFIG } from './config';

/**
 * Checks every TemplateInfo's and request's parameters against the template's JSON Schema and
 * reports every problem at once, pinned to the object and field. Never changes an item.
 */
export const validateTemplateParams: KrmFunction = {
  config: VALIDATE_CONFIG,
  name: 'validate-template-params',
  usage: [
    'Checks the parameters of every TemplateInfo and FocomProvisioningRequest (seed and upstream',
    "dialects) against the template's JSON Schema, and the package's own templates (FocomTemplates,",
    'template folders) the way a template repository checks them. Every problem is an error result',
    'naming the object and field; exit code 1 when there is any. Items are never changed.',
    '',
    describeConfig(VALIDATE_CONFIG),
  ].join('\n'),
  process(list) {
    const config = readFunctionConfig(list.functionConfig, VALIDATE_CONFIG);
    const check = checkPackage(list.items, { unknownTemplate: config.value.unknownTemplate });
    const valid = check.requests.filter((r) => r.valid).length;
    const authoring = check.packageTemplates.flatMap(checkTemplateAuthoring);
    const checked = [`${plural(check.requestCount, 'request')} (${valid} valid)`, plural(check.templateInfos.length, 'TemplateInfo')];
    if (check.packageTemplates.length > 0) checked.push(plural(check.packageTemplates.length, 'package template'));
    return {
      results: [...config.results, ...check.results, ...authoring],
      summary: `checked ${checked.slice(0, -1).join(', ')} and ${checked[checked.length - 1]}`,
    };
  },
};
