import { isPlainObject } from '@focom/krm-runtime';
import { pathOf } from './violation';

/** A Pod Security Standard level, as the `pod-security.kubernetes.io/enforce` label names it. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** One field of a pod template that breaks the level: the path below the pod spec's parent and why. */
export interface PodSecurityProblem {
  path: string;
  message: string;
}

/** Where a pod template sits in its object: its metadata and its spec, as paths. */
export interface PodTemplateAt {
  metadata: unknown;
  spec: Record<string, unknown>;
  /** `spec.template` for a Deployment, `''` for a Pod. */
  base: string;
}

/** Capabilities baseline lets a container add (Kubernetes' default set). */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** Sysctls baseline allows (namespaced ones that cannot affect other pods). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ping_group_range',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.tcp_wmem',
]);

const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const PROFILE_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

interface Container {
  path: string;
  value: Record<string, unknown>;
  securityContext: Record<string, unknown>;
}

/**
 * What in a pod template breaks `level` of the Pod Security Standards (as Kubernetes' PodSecurity
 * admission checks it, Linux pods). Baseline: host namespaces, privileged, added capabilities
 * beyond the default set, hostPath volumes, host ports, AppArmor, SELinux, /proc mount, seccomp
 * Unconfined, unsafe sysctls, Windows host processes. Restricted adds: volume types,
 * allowPrivilegeEscalation false, runAsNonRoot, runAsUser 0, seccomp RuntimeDefault or Localhost,
 * drop ALL capabilities and add none but NET_BIND_SERVICE.
 */
export function podSecurityProblems(pod: PodTemplateAt, level: PodSecurityLevel): PodSecurityProblem[] {
  if (level === 'privileged') return [];
  const spec = pod.spec;
  const at = (...segments: Array<string | number>): string => pathOf(pod.base, 'spec', ...segments);
  const podContext = objectAt(spec.securityContext);
  const containers = containersOf(spec, at);
  const out: PodSecurityProblem[] = [];
  const add = (path: string, message: string): void => {
    out.push({ path, message });
  };

  // Baseline.
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const)
    if (spec[field] === true) add(at(field), `is true: the pod would share the node's ${field.slice(4)} namespace`);
  if (objectAt(podContext.windowsOptions).hostProcess === true)
    add(at('securityContext', 'windowsOptions', 'hostProcess'), 'is true: a host process runs on the node itself');
  for (const c of containers) {
    const sc = c.securityContext;
    const scPath = (...rest: Array<string | number>): string => pathOf(c.path, 'securityContext', ...rest);
    if (sc.privileged === true) add(scPath('privileged'), 'is true: a privileged container has every power of the node');
    if (objectAt(sc.windowsOptions).hostProcess === true)
      add(scPath('windowsOptions', 'hostProcess'), 'is true: a host process runs on the node itself');
    stringsOf(objectAt(sc.capabilities).add).forEach(([cap, i]) => {
      if (level === 'restricted' ? cap !== 'NET_BIND_SERVICE' : !BASELINE_CAPABILITIES.has(cap))
        add(
          scPath('capabilities', 'add', i),
          `is ${cap}: ${level} lets a container add only ${level === 'restricted' ? 'NET_BIND_SERVICE' : 'the default capabilities'}`,
        );
    });
    const ports = Array.isArray(c.value.ports) ? (c.value.ports as unknown[]) : [];
    ports.forEach((port, i) => {
      const hostPort = objectAt(port).hostPort;
      if (hostPort !== undefined && hostPort !== null && hostPort !== 0)
        add(pathOf(c.path, 'ports', i, 'hostPort'), `is ${show(hostPort)}: the pod would listen on the node's own address`);
    });
    if (sc.procMount !== undefined && sc.procMount !== null && sc.procMount !== 'Default')
      add(scPath('procMount'), `is ${show(sc.procMount)}: only the default, masked /proc is allowed`);
    profileProblems(sc, scPath, add);
  }
  profileProblems(podContext, (...rest) => at('securityContext', ...rest), add);
  const volumes = Array.isArray(spec.volumes) ? (spec.volumes as unknown[]) : [];
  volumes.forEach((volume, i) => {
    const v = objectAt(volume);
    if (v.hostPath !== undefined && v.hostPath !== null)
      add(at('volumes', i, 'hostPath'), "is set: the pod would mount the node's own files");
  });
  const sysctls = Array.isArray(podContext.sysctls) ? (podContext.sysctls as unknown[]) : [];
  sysctls.forEach((sysctl, i) => {
    const name = objectAt(sysctl).name;
    if (typeof name === 'string' && !SAFE_SYSCTLS.has(name))
      add(at('securityContext', 'sysctls', i, 'name'), `is ${name}: only sysctls that cannot affect other pods are allowed`);
  });
  const annotations = objectAt(objectAt(pod.metadata).annotations);
  for (const [key, value] of Object.entries(annotations))
    if (key.startsWith(APPARMOR_ANNOTATION) && typeof value === 'string' && value !== 'runtime/default' && !value.startsWith('localhost/'))
      add(pathOf(pod.base, 'metadata', 'annotations', key), `is ${value}: AppArmor must be runtime/default or a localhost/ profile`);
  if (level === 'baseline') return out;

  // Restricted.
  volumes.forEach((volume, i) => {
    const sources = Object.keys(objectAt(volume)).filter((key) => key !== 'name' && key !== 'hostPath');
    const bad = sources.find((key) => !RESTRICTED_VOLUMES.has(key));
    if (bad !== undefined) add(at('volumes', i, bad), `is set: restricted allows only ${[...RESTRICTED_VOLUMES].join(', ')} volumes`);
  });
  const podNonRoot = podContext.runAsNonRoot;
  if (podNonRoot === false) add(at('securityContext', 'runAsNonRoot'), 'is false: restricted pods must not run as root');
  if (podContext.runAsUser === 0) add(at('securityContext', 'runAsUser'), 'is 0: restricted pods must not run as root');
  const podSeccomp = objectAt(podContext.seccompProfile).type;
  for (const c of containers) {
    const sc = c.securityContext;
    const scPath = (...rest: Array<string | number>): string => pathOf(c.path, 'securityContext', ...rest);
    if (sc.allowPrivilegeEscalation !== false)
      add(scPath('allowPrivilegeEscalation'), `is ${show(sc.allowPrivilegeEscalation)}: restricted requires false`);
    if (sc.runAsNonRoot === false) add(scPath('runAsNonRoot'), 'is false: restricted pods must not run as root');
    else if (sc.runAsNonRoot !== true && podNonRoot !== true)
      add(scPath('runAsNonRoot'), "is not set, nor is the pod's securityContext.runAsNonRoot: restricted requires true");
    if (sc.runAsUser === 0) add(scPath('runAsUser'), 'is 0: restricted pods must not run as root');
    const seccomp = objectAt(sc.seccompProfile).type;
    if (seccomp === undefined && !isOneOf(PROFILE_TYPES, podSeccomp))
      add(
        scPath('seccompProfile', 'type'),
        "is not set, nor is the pod's securityContext.seccompProfile.type: restricted requires RuntimeDefault or Localhost",
      );
    const drops = stringsOf(objectAt(sc.capabilities).drop).map(([cap]) => cap);
    if (!drops.includes('ALL'))
      add(scPath('capabilities', 'drop'), 'does not include ALL: restricted containers must drop every capability');
  }
  return out;
}

/** AppArmor, SELinux and seccomp settings of a pod or container securityContext (the same rules at both levels). */
function profileProblems(
  sc: Record<string, unknown>,
  scPath: (...rest: Array<string | number>) => string,
  add: (path: string, message: string) => void,
): void {
  const seccomp = objectAt(sc.seccompProfile).type;
  if (seccomp !== undefined && !isOneOf(PROFILE_TYPES, seccomp))
    add(scPath('seccompProfile', 'type'), `is ${show(seccomp)}: seccomp must be RuntimeDefault or Localhost`);
  const apparmor = objectAt(sc.appArmorProfile).type;
  if (apparmor !== undefined && !isOneOf(PROFILE_TYPES, apparmor))
    add(scPath('appArmorProfile', 'type'), `is ${show(apparmor)}: AppArmor must be RuntimeDefault or Localhost`);
  const selinux = objectAt(sc.seLinuxOptions);
  if (selinux.type !== undefined && !isOneOf(SELINUX_TYPES, selinux.type))
    add(scPath('seLinuxOptions', 'type'), `is ${show(selinux.type)}: only the container_t family of SELinux types is allowed`);
  for (const field of ['user', 'role'] as const)
    if (selinux[field] !== undefined && selinux[field] !== '')
      add(scPath('seLinuxOptions', field), `is ${show(selinux[field])}: a pod may not choose its SELinux ${field}`);
}

function containersOf(spec: Record<string, unknown>, at: (...segments: Array<string | number>) => string): Container[] {
  return CONTAINER_LISTS.flatMap((list) => {
    const items = Array.isArray(spec[list]) ? (spec[list] as unknown[]) : [];
    return items.flatMap((item, i): Container[] =>
      isPlainObject(item) ? [{ path: at(list, i), value: item, securityContext: objectAt(item.securityContext) }] : [],
    );
  });
}

function objectAt(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

function stringsOf(value: unknown): Array<[string, number]> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, i): Array<[string, number]> => (typeof item === 'string' ? [[item, i]] : []));
}

function show(value: unknown): string {
  return value === undefined ? 'not set' : JSON.stringify(value);
}

function isOneOf(set: ReadonlySet<string>, value: unknown): boolean {
  return typeof value === 'string' && set.has(value);
}
