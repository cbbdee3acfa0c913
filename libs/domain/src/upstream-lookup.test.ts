/** The hint for an upstream request whose `<templateName>-<templateVersion>` TemplateInfo is missing. */
import { KrmItem } from '@focom/krm-runtime';
import type { ProvisioningRequest, TemplateInfo } from './model';
import { missingUpstreamInfo } from './upstream-lookup';

const item = KrmItem.fromObject({});
const request: ProvisioningRequest = {
  item,
  dialect: 'upstream',
  name: 'site-a',
  namespace: 'smo',
  templateInfoRef: { name: 'ran-du-v1.2.0', namespace: 'smo', path: 'spec.templateName' },
  templateName: { value: 'ran-du', path: 'spec.templateName' },
  templateVersion: { value: 'v1.2.0', path: 'spec.templateVersion' },
  ocloudRef: { name: 'edge', namespace: 'smo', path: 'spec.oCloudId' },
  parameters: { value: {}, path: 'spec.templateParameters' },
};
const info = (name: string, namespace = 'smo'): TemplateInfo => ({
  item,
  dialect: 'upstream',
  name,
  namespace,
  templateName: { value: 'ran-du', path: 'spec.templateName' },
  templateVersion: { value: 'v1.2.0', path: 'spec.templateVersion' },
});

describe('missingUpstreamInfo', () => {
  it('names the one TemplateInfo probably meant, and says to rename it', () => {
    expect(missingUpstreamInfo(request, [info('ran-du')])).toMatch(
      /did you mean TemplateInfo "ran-du" in namespace "smo"\? Its spec names ran-du v1\.2\.0, .*: rename it to "ran-du-v1\.2\.0"$/,
    );
  });

  it('speaks of two candidates in the plural', () => {
    expect(missingUpstreamInfo(request, [info('ran-du'), info('du', 'other')])).toMatch(
      /did you mean TemplateInfo "ran-du" in namespace "smo" or TemplateInfo "du" in namespace "other"\? Their specs name ran-du v1\.2\.0, .*: rename one of them to "ran-du-v1\.2\.0" in namespace "smo"$/,
    );
  });
});
