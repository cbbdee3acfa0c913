/** JSON Schema formats for Kubernetes values, as apimachinery defines them. */
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const KUBERNETES_FORMATS: Record<string, { validate: (value: string) => boolean; description: string }> = {
  quantity: {
    validate: (v) => v.length <= 64 && QUANTITY.test(v),
    description: 'a Kubernetes quantity such as 500m, 2 or 1Gi',
  },
  'dns1123-label': {
    validate: (v) => v.length <= 63 && DNS1123_LABEL.test(v),
    description: 'a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
  },
  'dns1123-subdomain': {
    validate: (v) => v.length <= 253 && DNS1123_SUBDOMAIN.test(v),
    description: 'a DNS-1123 subdomain (dot-separated DNS-1123 labels, at most 253 characters)',
  },
};
