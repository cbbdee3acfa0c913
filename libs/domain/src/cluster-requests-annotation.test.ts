/** An OCloud names the cluster requests of other packages that provision it. */
import { KrmItem } from '@focom/krm-runtime';
import { readFocomModel } from './read-model';
import { CLUSTER_REQUESTS_ANNOTATION } from './vocabulary';

function ocloud(value: string): KrmItem {
  return KrmItem.fromObject({
    apiVersion: 'focom.nephio.org/v1alpha1',
    kind: 'OCloud',
    metadata: { name: 'site-a', namespace: 'smo', annotations: { [CLUSTER_REQUESTS_ANNOTATION]: value } },
    spec: { o2imsSecret: { secretRef: { name: 'site-a-kubeconfig', namespace: 'smo' } } },
  });
}

describe(CLUSTER_REQUESTS_ANNOTATION, () => {
  it('lists request names, comma-separated, each once', () => {
    const reading = readFocomModel([ocloud(' infra-a-cluster, infra-b ,infra-a-cluster')]);
    expect(reading.results).toEqual([]);
    expect(reading.model.oclouds[0]?.clusterRequests).toEqual(['infra-a-cluster', 'infra-b']);
  });

  it.each([
    ['Infra_A', '"Infra_A" is not'],
    [' , ', 'it lists none'],
  ])('rejects %j on the OCloud, naming the annotation', (value, says) => {
    const reading = readFocomModel([ocloud(value)]);
    expect(reading.model.oclouds[0]?.clusterRequests).toBeUndefined();
    expect(reading.results).toHaveLength(1);
    expect(reading.results[0]).toMatchObject({
      severity: 'error',
      field: { path: 'metadata.annotations', currentValue: value },
      resourceRef: { kind: 'OCloud', name: 'site-a' },
    });
    expect(reading.results[0]?.message).toContain(`annotation ${CLUSTER_REQUESTS_ANNOTATION} must list FocomProvisioningRequest names`);
    expect(reading.results[0]?.message).toContain(says);
  });
});
