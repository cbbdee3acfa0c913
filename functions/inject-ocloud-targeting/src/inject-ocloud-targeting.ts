import {
  type KrmFunction,
  type KrmItem,
  type KrmObject,
  type Result,
  describeConfig,
  errorResult,
  infoResult,
  placeInPackageOrder,
  plural,
  readFunctionConfig,
  rootKptfile,
  warningResult,
} from '@focom/krm-runtime';
import {
  CLUSTER_NAME_ANNOTATION,
  OCLOUD_LABEL,
  REQUEST_LABEL,
  type RequestCheck,
  type TemplateCatalog,
  checkPackage,
  compareCodePoints,
  compareRequests,
  isGeneratedItem,
  reconcileGenerated,
  requestDir,
  requestDirOf,
} from '@focom/domain';
import { describeChange } from '@focom/rendering';
import { PREVIOUS_TEMPLATE_ANNOTATION, TEMPLATE_ANNOTATION } from '@focom/domain';
import { isPlainObject, labelValueOf } from '@focom/krm-runtime';
import {
  type GateRecord,
  type GateSettings,
  type SloObservationSpec,
  gateSettings,
  generatedDigest,
  packageObservation,
  readGateRecords,
  renderTime,
  rollbackRendered,
  requestGate,
  settingsFingerprint,
} from '@focom/observability';
import { clusterRequestsBefore, clusterRequestsByOCloud, provisioningHealthChecks } from './cluster-first';
import { isClusterScoped } from './cluster-scoped';
import { INJECT_CONFIG, type InjectSettings } from './config';
import { withPackageContextSettings } from './package-context-settings';
import {
  CONFIG_SYNC_NAMESPACE,
  DELIVERY_DIR,
  type DeliveryTarget,
  argoApplication,
  configSyncFile,
  configSyncRootSync,
  deliveryFile,
  deliveryName,
  fluxKustomization,
  rootSyncName,
} from './delivery';
import { type RequestCondition, applyGateRecords, applyReadiness, previousConditions } from './readiness';
import { CONDITION_PREFIX, SLO_CONDITION_PREFIX } from '@focom/domain';

/**
 * Stamps every generated resource with its request's O-Cloud, emits the GitOps object that
 * delivers the request's folder to that O-Cloud, and records each request's readiness on the
 * Kptfile for Porch.
 */
export const injectOCloudTargeting: KrmFunction = {
  config: INJECT_CONFIG,
  name: 'inject-ocloud-targeting',
  usage: [
    `Labels and annotates every generated resource with ${OCLOUD_LABEL} and ${CLUSTER_NAME_ANNOTATION},`,
    "puts namespaced resources in the request's workload namespace, emits one delivery object per",
    `request under ${DELIVERY_DIR}/ (Flux Kustomization, Argo CD Application, Config Sync RootSync, or none), and sets one`,
    'Kptfile condition and readiness gate per request. Secret data is never read. A second condition',
    `per request (${SLO_CONDITION_PREFIX}<request>) is its SLO gate: whether its declared SLOs`,
    'can hold on what it renders, and whether a change to the running site may proceed, decided from',
    'the SloObservation that observe-slos wrote into the package (the time: FOCOM_RENDER_TIME or now).',
    '',
    describeConfig(INJECT_CONFIG),
  ].join('\n'),
  process(list) {
    const config = readFunctionConfig(list.functionConfig, INJECT_CONFIG);
    const fromContext = withPackageContextSettings(list.items, config.value);
    const settings = fromContext.settings;
    const results: Result[] = [...config.results, ...fromContext.results];

    const check = checkPackage(list.items, { unknownTemplate: 'warning', rollbackTo: rollbackRendered(list.items, settings) });
    // A name that cannot name what is derived from it gets no condition: it is reported instead.
    results.push(...check.nameResults);
    const generatedByDir = new Map<string, KrmItem[]>();
    const previousDelivery = new Map<string, KrmItem>();
    const kept: KrmItem[] = [];
    for (const item of list.items) {
      const path = item.fileRef?.path;
      if (item.labels[REQUEST_LABEL] !== undefined && path?.startsWith(`${DELIVERY_DIR}/`)) {
        previousDelivery.set(path, item);
        continue;
      }
      kept.push(item);
      if (isGeneratedItem(item)) {
        const dir = requestDirOf(path!);
        const inDir = generatedByDir.get(dir);
        if (inDir) inDir.push(item);
        else generatedByDir.set(dir, [item]);
      }
    }

    const gate = gateContext(list.items, settings, results);
    const records = new Map<string, GateRecord>();
    const conditions: RequestCondition[] = [];
    const delivered: KrmItem[] = [];
    let gatesOpen = 0;
    const perOCloud = new Map<string, { requests: number; resources: number }>();
    const generatedOf = (request: RequestCheck): KrmItem[] => generatedByDir.get(requestDir(request.request)) ?? [];
    const clusterRequests = clusterRequestsByOCloud(check.requests, generatedOf);
    for (const request of [...check.requests].sort((a, b) => compareRequests(a.request, b.request))) {
      const generated = generatedOf(request);
      const after = clusterRequestsBefore(request, generated, clusterRequests);
      const outcome = target(request, generated, after, settings, results, check.catalog);
      conditions.push({ type: `${CONDITION_PREFIX}${request.request.name}`, ...outcome.condition });
      const slo = sloCondition(request, generated, previousDelivery, gate, results);
      conditions.push(slo.condition);
      if (slo.condition.status === 'True') gatesOpen += 1;
      if (slo.record) records.set(request.request.name, slo.record);
      if (outcome.delivery) {
        const { object, path } = outcome.delivery;
        delivered.push(reconcileGenerated(object, path, previousDelivery.get(path)));
      }
      if (outcome.condition.status === 'True' && request.ocloud) {
        const tally = perOCloud.get(request.ocloud.name) ?? { requests: 0, resources: 0 };
        tally.requests += 1;
        tally.resources += generated.length;
        perOCloud.set(request.ocloud.name, tally);
      }
    }
    list.items = placeInPackageOrder(kept, delivered);

    const kptfile = rootKptfile(list.items);
    if (kptfile) {
      applyReadiness(kptfile, conditions);
      applyGateRecords(kptfile, records);
    }
    for (const [ocloud, tally] of [...perOCloud.entries()].sort(([a], [b]) => compareCodePoints(a, b))) {
      results.push(infoResult(`OCloud ${ocloud}: ${plural(tally.requests, 'request')}, ${plural(tally.resources, 'resource')} targeted`));
    }
    const targeting = conditions.filter((c) => c.type.startsWith(CONDITION_PREFIX));
    const ready = targeting.filter((c) => c.status === 'True').length;
    return {
      results,
      summary: `targeted ${ready} of ${plural(targeting.length, 'request')}, ${plural(delivered.length, 'delivery object')} (${settings.delivery}); SLO gate open for ${gatesOpen} of ${targeting.length}`,
    };
  },
};

interface TargetOutcome {
  condition: Omit<RequestCondition, 'type'>;
  delivery?: { object: KrmObject; path: string };
}

function target(
  check: RequestCheck,
  generated: KrmItem[],
  after: readonly string[],
  settings: InjectSettings,
  results: Result[],
  catalog: TemplateCatalog,
): TargetOutcome {
  const outcome = targetRequest(check, generated, after, settings, results);
  const change = check.change;
  if (outcome.condition.status !== 'True' || !check.label) return outcome;
  if (change?.now) {
    return {
      condition: {
        status: 'False',
        reason: 'NotExpanded',
        message: `the generated resources are from ${change.from}, but the request renders with ${change.to}: run expand-provisioning-request before inject-ocloud-targeting`,
      },
    };
  }
  const template = change ? `template ${check.label}, ${describeChange(check, change, catalog)}` : `template ${check.label}`;
  outcome.condition.message = `${outcome.condition.message}; ${template}`;
  return outcome;
}

function targetRequest(
  check: RequestCheck,
  generated: KrmItem[],
  after: readonly string[],
  settings: InjectSettings,
  results: Result[],
): TargetOutcome {
  const { request, ocloud } = check;
  if (!ocloud) {
    const ref = request.ocloudRef;
    const path = request.dialect === 'seed' ? `${ref.path}.name` : ref.path;
    const missing = `OCloud "${ref.name}"${ref.namespace ? ` in namespace "${ref.namespace}"` : ''}`;
    results.push(
      errorResult(`names ${missing}, which is not in the package: the request's resources cannot be targeted`, request.item.subject, {
        path,
        currentValue: ref.name,
      }),
    );
    return { condition: { status: 'False', reason: 'OCloudNotFound', message: `${missing} is not in the package` } };
  }
  if (!ocloud.secretRef && settings.delivery !== 'configsync') {
    // An OCloud with neither dialect's fields (upstream's sample has an empty spec) is read in the
    // dialect of the request that names it, so the error names the field that request's world has.
    const spec = ocloud.item.object.spec;
    const seedFields = ocloud.endpoint !== undefined || (isPlainObject(spec) && spec.secretRef !== undefined);
    const upstream = ocloud.dialect === 'upstream' || (!seedFields && request.dialect === 'upstream');
    const field = upstream ? 'spec.o2imsSecret.secretRef.name' : 'spec.secretRef.name';
    results.push(
      errorResult(
        `is not set: OCloud "${ocloud.name}" must name the Secret holding its kubeconfig (key "kubeconfig") for delivery to reach it`,
        ocloud.item.subject,
        { path: field },
      ),
    );
    return { condition: { status: 'False', reason: 'OCloudSecretMissing', message: `OCloud "${ocloud.name}" names no kubeconfig Secret` } };
  }
  if (check.valid && generated.length === 0 && check.resolved?.template.resources.length === 0 && !check.resolved.template.observability)
    return {
      condition: {
        status: 'False',
        reason: 'NothingToDeliver',
        message: `template ${check.label ?? check.resolved.template.name} renders no resources: give it manifests, or name another template`,
      },
    };
  if (!check.valid || generated.length === 0) {
    const message = check.valid
      ? 'no generated resources: run expand-provisioning-request before inject-ocloud-targeting'
      : 'the request does not pass validation; see the validate-template-params results';
    return { condition: { status: 'False', reason: check.valid ? 'NotExpanded' : 'Invalid', message } };
  }

  const workloadNamespace = typeof check.parameters.namespace === 'string' ? check.parameters.namespace : undefined;
  for (const item of generated) {
    item.setIn(['metadata', 'labels', OCLOUD_LABEL], labelValueOf(ocloud.name));
    item.setIn(['metadata', 'annotations', OCLOUD_LABEL], ocloud.name);
    item.setIn(['metadata', 'annotations', CLUSTER_NAME_ANNOTATION], ocloud.name);
    if (workloadNamespace && !isClusterScoped(item.group, item.kind) && !item.namespace)
      item.setIn(['metadata', 'namespace'], workloadNamespace);
  }

  const deliveryTarget: DeliveryTarget = {
    requestName: request.name,
    generatedDir: requestDir(request),
    ocloud,
    ...(ocloud.secretRef ? { secretRef: ocloud.secretRef } : {}),
    after,
    healthChecks: provisioningHealthChecks(generated),
  };
  if (workloadNamespace) deliveryTarget.workloadNamespace = workloadNamespace;
  const targeted = `${plural(generated.length, 'resource')} targeted at OCloud "${ocloud.name}"`;
  if (settings.delivery === 'none') {
    return { condition: { status: 'True', reason: 'Targeted', message: `${targeted}; delivery is left to the user (delivery: none)` } };
  }
  if (settings.delivery === 'argocd') {
    if (!ocloud.endpoint) {
      results.push(
        errorResult(
          `is not set: Argo CD delivery needs OCloud "${ocloud.name}"'s API server URL as the destination server`,
          ocloud.item.subject,
          { path: 'spec.endpoint' },
        ),
      );
      return {
        condition: {
          status: 'False',
          reason: 'OCloudEndpointMissing',
          message: `OCloud "${ocloud.name}" has no spec.endpoint for Argo CD`,
        },
      };
    }
    const object = argoApplication(deliveryTarget, settings, ocloud.endpoint.value);
    return {
      condition: {
        status: 'True',
        reason: 'Ready',
        message: `${targeted}, delivered by Argo CD Application ${settings.argocdNamespace}/${deliveryName(deliveryTarget)}`,
      },
      delivery: { object, path: deliveryFile(deliveryTarget, 'Application') },
    };
  }
  if (settings.delivery === 'configsync') {
    const object = configSyncRootSync(deliveryTarget, settings);
    return {
      condition: {
        status: 'True',
        reason: 'Ready',
        message: `${targeted}, delivered by Config Sync RootSync ${CONFIG_SYNC_NAMESPACE}/${rootSyncName(deliveryTarget)} on the O-Cloud`,
      },
      delivery: { object, path: configSyncFile(deliveryTarget) },
    };
  }
  const object = fluxKustomization(deliveryTarget, settings);
  const where = ocloud.secretRef?.namespace ? `${ocloud.secretRef.namespace}/` : '';
  const waits = after.length > 0 ? ` after the cluster ${after.length === 1 ? 'request' : 'requests'} ${after.join(', ')} (dependsOn)` : '';
  const fulfilled = deliveryTarget.healthChecks.length > 0 ? ', Ready once the O2IMS reports the ProvisioningRequest fulfilled' : '';
  return {
    condition: {
      status: 'True',
      reason: 'Ready',
      message: `${targeted}, delivered by Flux Kustomization ${where}${deliveryName(deliveryTarget)}${waits}${fulfilled}`,
    },
    delivery: { object, path: deliveryFile(deliveryTarget, 'Kustomization') },
  };
}

/** What every request's SLO gate reads: the settings, the time, the observation and the last render's verdicts. */
interface GateContext {
  settings: GateSettings;
  settingsKey: string;
  now: Date;
  observation?: SloObservationSpec;
  records: Map<string, GateRecord>;
  conditions: Map<string, RequestCondition>;
}

function gateContext(items: readonly KrmItem[], config: InjectSettings, results: Result[]): GateContext {
  const settings = gateSettings(config);
  const time = renderTime(process.env);
  if (!time.ok) results.push(errorResult(time.reason));
  const observation = packageObservation(items);
  // A broken observation opens no gate, but it is no reason to fail the render: the conditions say what is missing.
  if (!observation.ok) results.push(warningResult(`${observation.reason}; the SLO gates read no observation`));
  const kptfile = rootKptfile(items);
  const context: GateContext = {
    settings,
    settingsKey: settingsFingerprint(settings),
    now: time.ok ? time.value : new Date(0),
    records: readGateRecords(kptfile?.object),
    conditions: previousConditions(kptfile),
  };
  if (observation.ok && observation.value) context.observation = observation.value;
  return context;
}

function sloCondition(
  check: RequestCheck,
  generated: readonly KrmItem[],
  previousDelivery: ReadonlyMap<string, KrmItem>,
  gate: GateContext,
  results: Result[],
): { condition: RequestCondition; record?: GateRecord } {
  const { request } = check;
  const type = `${SLO_CONDITION_PREFIX}${request.name}`;
  const stamped = generated.find((item) => item.annotations[TEMPLATE_ANNOTATION] !== undefined);
  const previousRecord = gate.records.get(request.name);
  const previousCondition = gate.conditions.get(type);
  const previousTemplate = stamped?.annotations[PREVIOUS_TEMPLATE_ANNOTATION];
  const outcome = requestGate({
    request: { name: request.name, namespace: request.namespace },
    objects: generated.map((item) => item.object),
    target: stamped?.annotations[TEMPLATE_ANNOTATION] ?? check.label ?? 'an unknown template',
    digest: generatedDigest(generated.map((item) => ({ path: item.fileRef?.path ?? item.name, object: item.object }))),
    ...(gate.observation ? { observation: gate.observation } : {}),
    deliveredBefore:
      previousRecord !== undefined ||
      [...previousDelivery.values()].some((item) => item.labels[REQUEST_LABEL] === labelValueOf(request.name)),
    ...(previousTemplate ? { previousTemplate } : {}),
    ...(previousRecord && previousCondition ? { previous: { record: previousRecord, condition: previousCondition } } : {}),
    settings: gate.settings,
    settingsKey: gate.settingsKey,
    now: gate.now,
  });
  for (const problem of outcome.problems) {
    const report = problem.severity === 'infeasible' ? warningResult : infoResult;
    results.push(report(`${problem.message} (${problem.reason})`, request.item.subject));
  }
  const { reason, message } = outcome.condition;
  if (reason === 'RolledBack' || reason === 'RollbackPending') results.push(infoResult(`SLO gate: ${message}`, request.item.subject));
  return { condition: { type, ...outcome.condition }, ...(outcome.record ? { record: outcome.record } : {}) };
}
