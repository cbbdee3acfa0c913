/**
 * bin/observe-slos against servers that misbehave, each a real HTTP server on 127.0.0.1: nobody
 * listening, an HTTP 500, no answer within the timeout, malformed JSON, an infinity, a 50 MB
 * answer, an error text echoing the credentials or holding terminal escapes. Each is one clear
 * line on stderr, exit code 1, the package byte for byte as it was, and no credential in the
 * output in any form. A server that demands the token shows that it is sent. NaN (an SLI without
 * traffic) is no data for its SLO, not a failure.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { listFiles } from '@focom/test-support/files';
import { freePort } from '@focom/cluster-harness';
import { REPO_ROOT } from '@focom/test-support/kpt';
import { runAsync } from '@focom/test-support/run-async';
import { packageFiles, writePackage } from '@focom/test-support/slo-package';

const BIN = join(REPO_ROOT, 'bin', 'observe-slos');
const TOKEN = 'bad-input-secret-0123456789';
const EMPTY_VECTOR = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } });

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

interface Running {
  url: string;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

function serve(handler: Handler): Promise<Running> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request);
    handler(request, response);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('observe-slos on bad answers', () => {
  let root: string;
  let pkg: string;
  let tokenFile: string;
  let before: Record<string, string>;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'focom-observe-bad-'));
    pkg = join(root, 'site');
    writePackage(pkg, packageFiles('site', [{ request: 'site-a', template: '5g-ran-du@v1.0.0', slos: ['availability'] }]));
    writeFileSync(join(pkg, 'slo-observations.yaml'), '# an earlier observation, which a failed run must leave alone\n');
    tokenFile = join(root, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`);
    before = snapshot(pkg);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function expectRefusal(url: string, message: RegExp, extra: string[] = []): Promise<void> {
    const run = await runAsync(BIN, [pkg, '--prometheus', url, '--token-file', tokenFile, ...extra]);
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 1, stdout: '' });
    expect(run.stderr).toMatch(/^observe-slos: [^\n]+\n$/);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain(TOKEN);
    expect(snapshot(pkg)).toEqual(before);
  }

  it('Prometheus unreachable: nobody listens on the port', async () => {
    const port = await freePort();
    await expectRefusal(
      `http://127.0.0.1:${port}`,
      new RegExp(`^observe-slos: Prometheus at http://127\\.0\\.0\\.1:${port} refused the connection \\(ECONNREFUSED\\)\\n$`),
    );
  });

  it('an HTTP 500, whose body echoes the token: the message quotes the body without it', async () => {
    const server = await serve((request, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`internal error; you sent ${request.headers.authorization ?? 'nothing'}`);
    });
    try {
      await expectRefusal(server.url, /answered HTTP 500: internal error; you sent Bearer <credentials>\n$/);
    } finally {
      await server.close();
    }
  });

  it("Prometheus's own error answer (HTTP 422) is quoted", async () => {
    const server = await serve((_request, response) => {
      response.writeHead(422, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'error', errorType: 'execution', error: 'query processing would load too many samples' }));
    });
    try {
      await expectRefusal(server.url, /answered HTTP 422: execution: query processing would load too many samples\n$/);
    } finally {
      await server.close();
    }
  });

  it('a redirect is an answer, not followed: the credentials go to the server named and no other', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(302, { location: 'http://elsewhere.invalid/', 'content-type': 'text/plain' });
      response.end('moved');
    });
    try {
      await expectRefusal(server.url, /answered HTTP 302: moved\n$/);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('a slow answer past the timeout', async () => {
    const server = await serve(() => {
      // Never answers; the connection is closed when the server closes.
    });
    try {
      await expectRefusal(
        server.url,
        /^observe-slos: Prometheus at http:\/\/127\.0\.0\.1:\d+ did not answer within 0\.3s \(--timeout\)\n$/,
        ['--timeout', '300ms'],
      );
    } finally {
      await server.close();
    }
  });

  it('malformed JSON', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"status":"success","data":{"resultType":"vector","result":[');
    });
    try {
      await expectRefusal(
        server.url,
        /^observe-slos: Prometheus's answer to slo:period_error_budget_remaining:ratio\{sloth_service="site-a"\} is malformed: the answer is not JSON \(/,
      );
    } finally {
      await server.close();
    }
  });

  it('an infinite burn rate is refused, naming the series', async () => {
    const server = await serve((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const burn = decodeURIComponent(request.url ?? '').includes('slo:current_burn_rate:ratio');
      const metric = { __name__: 'slo:current_burn_rate:ratio', sloth_service: 'site-a', sloth_slo: 'availability' };
      response.end(
        burn
          ? JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric, value: [1714817700, '+Inf'] }] } })
          : EMPTY_VECTOR,
      );
    });
    try {
      await expectRefusal(
        server.url,
        /^observe-slos: Prometheus answered "\+Inf" for slo:current_burn_rate:ratio\{sloth_service="site-a", sloth_slo="availability"\}/,
      );
    } finally {
      await server.close();
    }
  });

  it('an error text echoing the Basic credentials of the URL and the token, in any form, prints none of them', async () => {
    const user = 'ops';
    const password = 'pa55-w0rd-of-the-site';
    const basic = Buffer.from(`${user}:${password}`).toString('base64');
    const server = await serve((request, response) => {
      response.writeHead(401, { 'content-type': 'text/plain' });
      const auth = request.headers.authorization ?? 'nothing';
      const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : auth;
      response.end(`denied: you sent ${auth} (${decoded}; ${auth.split(' ')[1] ?? ''}) to http://${decoded}@prometheus/`);
    });
    try {
      const url = `http://${user}:${password}@${server.url.slice('http://'.length)}`;
      const run = await runAsync(BIN, [pkg, '--prometheus', url]);
      expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 1, stdout: '' });
      expect(server.requests[0]?.headers.authorization).toBe(`Basic ${basic}`);
      expect(run.stderr).toMatch(
        /^observe-slos: Prometheus at http:\/\/127\.0\.0\.1:\d+ answered HTTP 401: denied: you sent Basic <credentials> [^\n]*\n$/,
      );
      for (const secret of [password, basic, `${user}:${password}`]) expect(run.stderr).not.toContain(secret);
      expect(snapshot(pkg)).toEqual(before);
      await expectRefusal(server.url, /answered HTTP 401: denied: you sent Bearer <credentials> \(Bearer <credentials>; <credentials>\)/);
    } finally {
      await server.close();
    }
  });

  it("a server's terminal escape sequences and control characters do not reach the terminal", async () => {
    const server = await serve((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'error', error: 'boom\u001b[2J\u001b]0;title\u0007\r\nFAKE: all good\u0000\u009b' }));
    });
    try {
      await expectRefusal(server.url, /answered HTTP 500: boom FAKE: all good\n$/);
    } finally {
      await server.close();
    }
  });

  it('an SLO whose SLI has no traffic (NaN) is no data; the other SLOs and requests are observed', async () => {
    const quiet = join(root, 'quiet');
    writePackage(
      quiet,
      packageFiles('quiet', [
        { request: 'site-a', template: '5g-ran-du@v1.0.0', slos: ['availability', 'latency'] },
        { request: 'site-b', template: '5g-ran-du@v1.0.0', slos: ['availability'] },
      ]),
    );
    const server = await serve((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const query = new URL(request.url ?? '/', 'http://x').searchParams.get('query') ?? '';
      const record = query.split('{')[0];
      const service = /sloth_service="([^"]+)"/.exec(query)?.[1] ?? '';
      if (record === 'ALERTS') return void response.end(EMPTY_VECTOR);
      const sample = (slo: string, value: string) => ({
        metric: { __name__: record, sloth_service: service, sloth_slo: slo },
        value: [1714817700, value],
      });
      const result =
        service === 'site-a'
          ? [sample('availability', 'NaN'), sample('latency', '0.5')]
          : [sample('availability', record.includes('budget') ? '0.25' : '2')];
      response.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
    });
    try {
      const run = await runAsync(BIN, [quiet, '--prometheus', server.url]);
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      const written = readFileSync(join(quiet, 'slo-observations.yaml'), 'utf8');
      expect(written).toMatch(/slo: availability\n\s+state: no-data\n/);
      expect(written).toMatch(/slo: latency\n\s+state: observed\n\s+errorBudgetRemaining: 0\.5\n/);
      expect(written).toMatch(
        /request: site-b[\s\S]*slo: availability\n\s+state: observed\n\s+errorBudgetRemaining: 0\.25\n\s+currentBurnRate: 2\n/,
      );
      expect(run.stdout).toMatch(/site-a\s+5g-ran-du@v1\.0\.0\s+availability\s+no data/);
    } finally {
      await server.close();
    }
  });

  it('a 50 MB answer, streamed without a length, and announced with one', async () => {
    const fiftyMegabytes = 50 * 1024 * 1024;
    const chunk = Buffer.from(`${'{"metric":{},"value":[1,"1"]},'.repeat(2048)}`);
    const server = await serve((request, response) => {
      const announced = request.url?.includes('announced') ?? false;
      response.writeHead(200, { 'content-type': 'application/json', ...(announced ? { 'content-length': String(fiftyMegabytes) } : {}) });
      let sent = 0;
      const body = new Readable({
        read() {
          if (sent >= fiftyMegabytes) this.push(null);
          else {
            const part = chunk.subarray(0, Math.min(chunk.length, fiftyMegabytes - sent));
            sent += part.length;
            this.push(part);
          }
        },
      });
      response.on('close', () => body.destroy());
      body.pipe(response);
    });
    try {
      await expectRefusal(
        server.url,
        /^observe-slos: Prometheus at http:\/\/127\.0\.0\.1:\d+ answered with more than the 16\.0 MiB accepted\n$/,
      );
      await expectRefusal(
        `${server.url}/announced`,
        /^observe-slos: Prometheus at http:\/\/127\.0\.0\.1:\d+\/announced answered with 50\.0 MiB, more than the 16\.0 MiB accepted\n$/,
      );
    } finally {
      await server.close();
    }
  });

  it('a token file that is missing, a token variable that is not set', async () => {
    const run = await runAsync(BIN, [pkg, '--prometheus', 'http://127.0.0.1:9', '--token-file', '/nonexistent/token']);
    expect(run).toEqual({ status: 1, stdout: '', stderr: 'observe-slos: --token-file /nonexistent/token cannot be read (ENOENT)\n' });
    const env = { ...process.env, FOCOM_TEST_TOKEN: '' };
    const unset = await runAsync(BIN, [pkg, '--prometheus', 'http://127.0.0.1:9', '--token-env', 'FOCOM_TEST_TOKEN'], { env });
    expect(unset).toEqual({
      status: 1,
      stdout: '',
      stderr: 'observe-slos: --token-env FOCOM_TEST_TOKEN: the environment variable is not set or empty\n',
    });
    expect(snapshot(pkg)).toEqual(before);
  });

  it('a package file that is not YAML, or a request that does not read, named with its file', async () => {
    const broken = join(root, 'broken');
    writePackage(broken, { ...packageFiles('broken', []), 'notes.yaml': 'a: [1, 2\n' });
    const run = await runAsync(BIN, [broken, '--prometheus', 'http://127.0.0.1:9']);
    expect(run).toMatchObject({
      status: 1,
      stdout: '',
      stderr: expect.stringMatching(new RegExp(`^observe-slos: ${broken}/notes\\.yaml is not valid YAML: [^\\n]+\\n$`)) as unknown,
    });
    const badRequest = join(root, 'bad-request');
    const files = packageFiles('bad-request', [{ request: 'site-a', template: '5g-ran-du@v1.0.0', slos: ['availability'] }]);
    writePackage(badRequest, {
      ...files,
      'site-a.yaml': files['site-a.yaml'].replace(/ocloudRef:\n\s+name: edge-ocloud\n/, 'ocloudRef: {}\n'),
    });
    const unreadable = await runAsync(BIN, [badRequest, '--prometheus', 'http://127.0.0.1:9']);
    expect(unreadable).toEqual({
      status: 1,
      stdout: '',
      stderr: `observe-slos: ${badRequest}: site-a.yaml: FocomProvisioningRequest site-a cannot be read: spec.ocloudRef.name must name an OCloud; it is not set\n`,
    });
  });

  it('sends the token as a bearer token, from a file or the environment, and writes it nowhere', async () => {
    const server = await serve((request, response) => {
      const authorized = request.headers.authorization === `Bearer ${TOKEN}`;
      response.writeHead(authorized ? 200 : 401, { 'content-type': 'application/json' });
      response.end(authorized ? EMPTY_VECTOR : JSON.stringify({ status: 'error', error: 'unauthorized' }));
    });
    const scratch = join(root, 'authorized');
    writePackage(scratch, packageFiles('authorized', [{ request: 'site-a', template: '5g-ran-du@v1.0.0', slos: ['availability'] }]));
    try {
      const wrong = join(root, 'wrong-token');
      writeFileSync(wrong, 'not-the-token');
      const refused = await runAsync(BIN, [scratch, '--prometheus', server.url, '--token-file', wrong]);
      expect(refused).toMatchObject({ status: 1, stderr: expect.stringMatching(/answered HTTP 401: unauthorized\n$/) as unknown });
      expect(refused.stderr).not.toContain('not-the-token');

      const fromFile = await runAsync(BIN, [
        scratch,
        '--prometheus',
        `http://user:pw@${server.url.slice(7)}/?token=${TOKEN}`,
        '--token-file',
        tokenFile,
      ]);
      expect({ status: fromFile.status, stderr: fromFile.stderr }).toEqual({ status: 0, stderr: '' });
      const env = { ...process.env, FOCOM_TEST_TOKEN: TOKEN };
      const fromEnv = await runAsync(BIN, [scratch, '--prometheus', server.url, '--token-env', 'FOCOM_TEST_TOKEN'], { env });
      expect({ status: fromEnv.status, stderr: fromEnv.stderr }).toEqual({ status: 0, stderr: '' });
      const written = readFileSync(join(scratch, 'slo-observations.yaml'), 'utf8');
      expect(written).toContain('state: no-data');
      for (const text of [fromFile.stdout, fromEnv.stdout, written, ...Object.values(snapshot(scratch))]) {
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain('user:pw');
      }
      expect(
        server.requests.map((r) => r.headers.authorization).every((a) => a === `Bearer ${TOKEN}` || a === 'Bearer not-the-token'),
      ).toBe(true);
    } finally {
      await server.close();
    }
  });
});
