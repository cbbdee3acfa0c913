/**
 * Pod specs that break the Pod Security Standards one field at a time, each a change of a pod
 * that meets restricted. The offline policy test and the real API server test (PodSecurity
 * admission) share them, so the function's verdict is compared with Kubernetes' own.
 */
import type { PodSecurityLevel } from '@focom/domain';

export interface HostilePod {
  name: string;
  /** The pod's annotations (AppArmor's annotation form). */
  annotations?: Record<string, string>;
  spec: Record<string, unknown>;
  /** The field paths the function reports at each level (empty: the level allows the pod). */
  refused: Record<Exclude<PodSecurityLevel, 'privileged'>, string[]>;
}

type Json = Record<string, unknown>;

/** A pod that meets restricted: non-root, RuntimeDefault seccomp, no escalation, every capability dropped. */
export function compliantPodSpec(): Json {
  return {
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'app',
        image: 'registry.example.org/app:1.0.0',
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      },
    ],
  };
}

function changed(change: (spec: Json, container: Json, securityContext: Json, podContext: Json) => void): Json {
  const spec = compliantPodSpec();
  const container = (spec.containers as Json[])[0];
  change(spec, container, container.securityContext as Json, spec.securityContext as Json);
  return spec;
}

const C = 'spec.containers[0]';
const SC = `${C}.securityContext`;

export const HOSTILE_PODS: readonly HostilePod[] = [
  { name: 'compliant', spec: compliantPodSpec(), refused: { baseline: [], restricted: [] } },
  {
    name: 'host-network',
    spec: changed((spec) => (spec.hostNetwork = true)),
    refused: { baseline: ['spec.hostNetwork'], restricted: ['spec.hostNetwork'] },
  },
  {
    name: 'host-pid',
    spec: changed((spec) => (spec.hostPID = true)),
    refused: { baseline: ['spec.hostPID'], restricted: ['spec.hostPID'] },
  },
  {
    name: 'host-ipc',
    spec: changed((spec) => (spec.hostIPC = true)),
    refused: { baseline: ['spec.hostIPC'], restricted: ['spec.hostIPC'] },
  },
  {
    name: 'privileged',
    // The API refuses privileged with allowPrivilegeEscalation false, so the pod leaves it unset.
    spec: changed((_spec, _c, sc) => {
      sc.privileged = true;
      delete sc.allowPrivilegeEscalation;
    }),
    refused: { baseline: [`${SC}.privileged`], restricted: [`${SC}.privileged`, `${SC}.allowPrivilegeEscalation`] },
  },
  {
    name: 'privileged-init-container',
    spec: changed((spec) => {
      spec.initContainers = [{ name: 'init', image: 'registry.example.org/init:1.0.0', securityContext: { privileged: true } }];
    }),
    refused: {
      baseline: ['spec.initContainers[0].securityContext.privileged'],
      restricted: [
        'spec.initContainers[0].securityContext.privileged',
        'spec.initContainers[0].securityContext.allowPrivilegeEscalation',
        'spec.initContainers[0].securityContext.capabilities.drop',
      ],
    },
  },
  {
    name: 'host-path',
    spec: changed((spec, c) => {
      spec.volumes = [{ name: 'root', hostPath: { path: '/' } }];
      c.volumeMounts = [{ name: 'root', mountPath: '/host' }];
    }),
    refused: { baseline: ['spec.volumes[0].hostPath'], restricted: ['spec.volumes[0].hostPath'] },
  },
  {
    name: 'host-port',
    spec: changed((_spec, c) => (c.ports = [{ containerPort: 8080, hostPort: 8080 }])),
    refused: { baseline: [`${C}.ports[0].hostPort`], restricted: [`${C}.ports[0].hostPort`] },
  },
  {
    name: 'add-sys-admin',
    spec: changed((_spec, _c, sc) => (sc.capabilities = { drop: ['ALL'], add: ['SYS_ADMIN'] })),
    refused: { baseline: [`${SC}.capabilities.add[0]`], restricted: [`${SC}.capabilities.add[0]`] },
  },
  {
    name: 'add-chown',
    spec: changed((_spec, _c, sc) => (sc.capabilities = { drop: ['ALL'], add: ['CHOWN'] })),
    refused: { baseline: [], restricted: [`${SC}.capabilities.add[0]`] },
  },
  {
    name: 'add-net-bind-service',
    spec: changed((_spec, _c, sc) => (sc.capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] })),
    refused: { baseline: [], restricted: [] },
  },
  {
    name: 'no-drop-all',
    spec: changed((_spec, _c, sc) => delete sc.capabilities),
    refused: { baseline: [], restricted: [`${SC}.capabilities.drop`] },
  },
  {
    name: 'privilege-escalation-unset',
    spec: changed((_spec, _c, sc) => delete sc.allowPrivilegeEscalation),
    refused: { baseline: [], restricted: [`${SC}.allowPrivilegeEscalation`] },
  },
  {
    name: 'privilege-escalation-true',
    spec: changed((_spec, _c, sc) => (sc.allowPrivilegeEscalation = true)),
    refused: { baseline: [], restricted: [`${SC}.allowPrivilegeEscalation`] },
  },
  {
    name: 'run-as-non-root-unset',
    spec: changed((_spec, _c, _sc, pc) => delete pc.runAsNonRoot),
    refused: { baseline: [], restricted: [`${SC}.runAsNonRoot`] },
  },
  {
    name: 'run-as-non-root-on-containers',
    spec: changed((_spec, _c, sc, pc) => {
      delete pc.runAsNonRoot;
      sc.runAsNonRoot = true;
    }),
    refused: { baseline: [], restricted: [] },
  },
  {
    name: 'container-run-as-non-root-false',
    spec: changed((_spec, _c, sc) => (sc.runAsNonRoot = false)),
    refused: { baseline: [], restricted: [`${SC}.runAsNonRoot`] },
  },
  {
    name: 'run-as-user-0',
    spec: changed((_spec, _c, _sc, pc) => (pc.runAsUser = 0)),
    refused: { baseline: [], restricted: ['spec.securityContext.runAsUser'] },
  },
  {
    name: 'container-run-as-user-0',
    spec: changed((_spec, _c, sc) => (sc.runAsUser = 0)),
    refused: { baseline: [], restricted: [`${SC}.runAsUser`] },
  },
  {
    name: 'seccomp-unset',
    spec: changed((_spec, _c, _sc, pc) => delete pc.seccompProfile),
    refused: { baseline: [], restricted: [`${SC}.seccompProfile.type`] },
  },
  {
    name: 'seccomp-on-containers',
    spec: changed((_spec, _c, sc, pc) => {
      delete pc.seccompProfile;
      sc.seccompProfile = { type: 'RuntimeDefault' };
    }),
    refused: { baseline: [], restricted: [] },
  },
  {
    name: 'seccomp-unconfined',
    spec: changed((_spec, _c, _sc, pc) => (pc.seccompProfile = { type: 'Unconfined' })),
    refused: {
      baseline: ['spec.securityContext.seccompProfile.type'],
      restricted: ['spec.securityContext.seccompProfile.type', `${SC}.seccompProfile.type`],
    },
  },
  {
    name: 'container-seccomp-unconfined',
    spec: changed((_spec, _c, sc) => (sc.seccompProfile = { type: 'Unconfined' })),
    refused: { baseline: [`${SC}.seccompProfile.type`], restricted: [`${SC}.seccompProfile.type`] },
  },
  {
    name: 'unsafe-sysctl',
    spec: changed((_spec, _c, _sc, pc) => (pc.sysctls = [{ name: 'kernel.msgmax', value: '65536' }])),
    refused: { baseline: ['spec.securityContext.sysctls[0].name'], restricted: ['spec.securityContext.sysctls[0].name'] },
  },
  {
    name: 'safe-sysctl',
    spec: changed((_spec, _c, _sc, pc) => (pc.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }])),
    refused: { baseline: [], restricted: [] },
  },
  {
    name: 'selinux-type',
    spec: changed((_spec, _c, sc) => (sc.seLinuxOptions = { type: 'spc_t' })),
    refused: { baseline: [`${SC}.seLinuxOptions.type`], restricted: [`${SC}.seLinuxOptions.type`] },
  },
  {
    name: 'selinux-user',
    spec: changed((_spec, _c, _sc, pc) => (pc.seLinuxOptions = { user: 'system_u' })),
    refused: { baseline: ['spec.securityContext.seLinuxOptions.user'], restricted: ['spec.securityContext.seLinuxOptions.user'] },
  },
  {
    name: 'apparmor-unconfined',
    spec: changed((_spec, _c, sc) => (sc.appArmorProfile = { type: 'Unconfined' })),
    refused: { baseline: [`${SC}.appArmorProfile.type`], restricted: [`${SC}.appArmorProfile.type`] },
  },
  {
    name: 'apparmor-annotation-unconfined',
    annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' },
    spec: compliantPodSpec(),
    refused: {
      baseline: ['metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]'],
      restricted: ['metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]'],
    },
  },
  {
    name: 'nfs-volume',
    spec: changed((spec) => (spec.volumes = [{ name: 'data', nfs: { server: 'nfs.example.org', path: '/data' } }])),
    refused: { baseline: [], restricted: ['spec.volumes[0].nfs'] },
  },
  {
    name: 'allowed-volumes',
    spec: changed(
      (spec) =>
        (spec.volumes = [
          { name: 'scratch', emptyDir: {} },
          { name: 'conf', configMap: { name: 'conf' } },
        ]),
    ),
    refused: { baseline: [], restricted: [] },
  },
];
