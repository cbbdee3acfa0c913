import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run';

/**
 * Files a throw-away API server needs: a CA, its serving certificate, service-account keys, a
 * token, and the front proxy's CA and client certificate, with which the server forwards
 * requests to aggregated API servers such as Porch's.
 */
export interface KubeCredentials {
  caCert: string;
  serverCert: string;
  serverKey: string;
  frontProxyCaCert: string;
  frontProxyClientCert: string;
  frontProxyClientKey: string;
  serviceAccountKey: string;
  serviceAccountPublicKey: string;
  tokenFile: string;
  token: string;
}

function openssl(dir: string, args: readonly string[]): void {
  const result = run('openssl', args, { cwd: dir });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
}

/** Signs `<name>.csr` with the CA `<ca>.crt`/`<ca>.key` into `<name>.crt`, with the extensions of `<name>.ext`, for a day. */
function signWithCa(dir: string, name: string, ca: string): void {
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-out',
    `${name}.crt`,
    '-days',
    '1',
    '-extfile',
    `${name}.ext`,
  ]);
}

/** Creates the credentials in dir with openssl (EC P-256 keys: quick to make, valid for a day). */
export function createKubeCredentials(dir: string): KubeCredentials {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(dir, ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=focom-test-ca']);
  openssl(dir, ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=kube-apiserver']);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  signWithCa(dir, 'server', 'ca');
  // The front proxy has its own CA: aggregated servers trust the X-Remote-User headers of a
  // request only when it comes with a client certificate from this CA named front-proxy-client.
  openssl(dir, [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'front-proxy-ca.key',
    '-out',
    'front-proxy-ca.crt',
    '-days',
    '1',
    '-subj',
    '/CN=focom-test-front-proxy-ca',
  ]);
  openssl(dir, ['req', ...ec, '-keyout', 'front-proxy-client.key', '-out', 'front-proxy-client.csr', '-subj', '/CN=front-proxy-client']);
  writeFileSync(join(dir, 'front-proxy-client.ext'), 'extendedKeyUsage=clientAuth\n');
  signWithCa(dir, 'front-proxy-client', 'front-proxy-ca');
  openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'sa.key']);
  openssl(dir, ['ec', '-in', 'sa.key', '-pubout', '-out', 'sa.pub']);
  const token = randomBytes(24).toString('hex');
  writeFileSync(join(dir, 'tokens.csv'), `${token},admin,admin,system:masters\n`, { mode: 0o600 });
  return {
    caCert: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    frontProxyCaCert: join(dir, 'front-proxy-ca.crt'),
    frontProxyClientCert: join(dir, 'front-proxy-client.crt'),
    frontProxyClientKey: join(dir, 'front-proxy-client.key'),
    serviceAccountKey: join(dir, 'sa.key'),
    serviceAccountPublicKey: join(dir, 'sa.pub'),
    tokenFile: join(dir, 'tokens.csv'),
    token,
  };
}

/** A kubeconfig that reaches the server at https://127.0.0.1:port as the token's admin, its cluster and context called name. */
export function writeKubeconfig(file: string, port: number, credentials: KubeCredentials, name = 'focom-test'): void {
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: ${name}`,
      '  cluster:',
      `    server: https://127.0.0.1:${port}`,
      `    certificate-authority: ${credentials.caCert}`,
      'users:',
      '- name: admin',
      '  user:',
      `    token: ${credentials.token}`,
      'contexts:',
      `- name: ${name}`,
      `  context: {cluster: ${name}, user: admin}`,
      `current-context: ${name}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
}
