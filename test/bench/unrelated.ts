/** A package of ordinary Kubernetes resources with nothing FoCoM in it, of about `bytes` bytes. */
export function unrelatedResourceList(bytes: number): string {
  const parts = ['apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const path = `apps/app-${i}.yaml`;
    const item = `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: app-${i} # one of many
    namespace: shop
    labels:
      app.kubernetes.io/name: app-${i}
    annotations:
      config.kubernetes.io/path: '${path}'
      config.kubernetes.io/index: '0'
      internal.config.kubernetes.io/path: '${path}'
      internal.config.kubernetes.io/index: '0'
  spec:
    replicas: ${1 + (i % 3)}
    selector:
      matchLabels:
        app.kubernetes.io/name: app-${i}
    template:
      metadata:
        labels:
          app.kubernetes.io/name: app-${i}
      spec:
        containers:
        - name: app
          image: "registry.example.org/shop/app:1.${i % 10}.0"
          ports:
          - containerPort: 8080
          resources:
            requests: {cpu: 100m, memory: 128Mi}
`;
    parts.push(item);
    size += item.length;
  }
  return parts.join('');
}
