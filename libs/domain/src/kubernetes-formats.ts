/** JSON Schema formats for Kubernetes values, as apimachinery defines them. */
import { NAME_RULES, dns1123LabelProblem, dns1123SubdomainProblem } from '@focom/krm-runtime';

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

export const KUBERNETES_FORMATS: Record<string, { validate: (value: string) => boolean; description: string }> = {
  quantity: {
    validate: (v) => v.length <= 64 && QUANTITY.test(v),
    description: 'a Kubernetes quantity such as 500m, 2 or 1Gi',
  },
  'dns1123-label': {
    validate: (v) => dns1123LabelProblem(v) === undefined,
    description: NAME_RULES['dns1123-label'],
  },
  'dns1123-subdomain': {
    validate: (v) => dns1123SubdomainProblem(v) === undefined,
    description: NAME_RULES['dns1123-subdomain'],
  },
};
