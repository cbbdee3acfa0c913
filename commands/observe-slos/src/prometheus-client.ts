/**
 * GET requests to a Prometheus HTTP API with node's http/https: one deadline for the whole
 * exchange, a cap on the answer's size, and messages that name the server but never a credential
 * (the token, the URL's user information, in any form: server-text.ts).
 */
import { type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { apiUrl, publicSource } from './prometheus-queries';
import { errorAnswer } from './prometheus-response';
import { credentialsOf, safeMessage } from './server-text';

/** Larger answers are refused: the queries ask for a few series, and a range of 30 days is under a megabyte. */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

export interface PrometheusClient {
  /** The body of a 2xx answer to GET `apiPath`, or why there is none. */
  get(apiPath: string): Promise<Outcome<string>>;
  /** Where it asks, without credentials. */
  source: string;
}

export function prometheusClient(base: URL, options: { token?: string; timeoutMs: number; maxBytes?: number }): PrometheusClient {
  const source = publicSource(base);
  const maxBytes = options.maxBytes ?? MAX_ANSWER_BYTES;
  const secrets = credentialsOf(base, options.token);
  return {
    source,
    get: async (apiPath) => {
      const outcome = await getOnce(apiUrl(base, apiPath), options.token, options.timeoutMs, maxBytes);
      if (outcome.ok) return outcome;
      return fail(safeMessage(`Prometheus at ${source} ${outcome.reason}`, secrets));
    },
  };
}

function getOnce(url: URL, token: string | undefined, timeoutMs: number, maxBytes: number): Promise<Outcome<string>> {
  return new Promise((resolve) => {
    let settled = false;
    let req: ClientRequest | undefined;
    const timer = setTimeout(() => {
      finish(fail(`did not answer within ${timeoutMs / 1000}s (--timeout)`));
      req?.destroy();
    }, timeoutMs);
    const finish = (outcome: Outcome<string>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    try {
      req = send(url, { method: 'GET', headers });
    } catch (error) {
      finish(fail(`cannot be asked: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    req.on('error', (error: NodeJS.ErrnoException) => finish(fail(connectionProblem(error))));
    req.on('response', (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        finish(fail(`answered with ${megabytes(declared)}, more than the ${megabytes(maxBytes)} accepted`));
        req?.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          finish(fail(`answered with more than the ${megabytes(maxBytes)} accepted`));
          req?.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', (error: NodeJS.ErrnoException) => finish(fail(connectionProblem(error))));
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (status >= 200 && status < 300) finish(succeed(body));
        else finish(fail(`answered ${errorAnswer(status, body)}`));
      });
    });
    req.end();
  });
}

function connectionProblem(error: NodeJS.ErrnoException): string {
  const why: Record<string, string> = {
    ECONNREFUSED: 'refused the connection',
    ENOTFOUND: 'cannot be found (no such host)',
    EAI_AGAIN: 'cannot be found (name resolution failed)',
    ECONNRESET: 'closed the connection',
    EHOSTUNREACH: 'cannot be reached (no route to host)',
    ETIMEDOUT: 'cannot be reached (connection timed out)',
  };
  const known = error.code === undefined ? undefined : why[error.code];
  return known ? `${known} (${error.code})` : `cannot be asked: ${error.message}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
