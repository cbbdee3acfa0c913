/**
 * GET requests to a Prometheus HTTP API with fetch: one deadline for the whole exchange, a cap
 * on the answer's size, and messages that name the server but never a credential (the token, the
 * URL's user information, in any form: server-text.ts).
 */
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
  const headers: Record<string, string> = { Accept: 'application/json' };
  const authorization = options.token !== undefined ? `Bearer ${options.token}` : basicAuthorization(base);
  if (authorization !== undefined) headers.Authorization = authorization;
  return {
    source,
    get: async (apiPath) => {
      const outcome = await getOnce(withoutUserInfo(apiUrl(base, apiPath)), headers, options.timeoutMs, maxBytes);
      if (outcome.ok) return outcome;
      return fail(safeMessage(`Prometheus at ${source} ${outcome.reason}`, secrets));
    },
  };
}

/**
 * fetch refuses a URL with user information; it goes in a Basic header instead, percent-decoded,
 * as node's http module sent it. A token wins over it.
 */
function basicAuthorization(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  const decoded = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  return `Basic ${Buffer.from(`${decoded(url.username)}:${decoded(url.password)}`, 'utf8').toString('base64')}`;
}

function withoutUserInfo(url: URL): URL {
  const bare = new URL(url);
  bare.username = '';
  bare.password = '';
  return bare;
}

async function getOnce(url: URL, headers: Record<string, string>, timeoutMs: number, maxBytes: number): Promise<Outcome<string>> {
  // The signal covers reading the body too: one deadline for the whole exchange.
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    // Redirects are answers, as they were: following one could carry the credentials elsewhere.
    const response = await fetch(url, { headers, redirect: 'manual', signal });
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel();
      return fail(`answered with ${megabytes(declared)}, more than the ${megabytes(maxBytes)} accepted`);
    }
    const body = await readAtMost(response, maxBytes);
    if (body === undefined) return fail(`answered with more than the ${megabytes(maxBytes)} accepted`);
    if (response.status >= 200 && response.status < 300) return succeed(body);
    return fail(`answered ${errorAnswer(response.status, body)}`);
  } catch (error) {
    if (signal.aborted) return fail(`did not answer within ${timeoutMs / 1000}s (--timeout)`);
    return fail(requestProblem(error));
  }
}

/** The body as text, or undefined once it grows past `maxBytes` (the rest is not read). */
async function readAtMost(response: Response, maxBytes: number): Promise<string | undefined> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    // Leaving the loop cancels the stream, which closes the connection.
    if (size > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const CONNECTION_PROBLEMS: Record<string, string> = {
  ECONNREFUSED: 'refused the connection',
  ENOTFOUND: 'cannot be found (no such host)',
  EAI_AGAIN: 'cannot be found (name resolution failed)',
  ECONNRESET: 'closed the connection',
  UND_ERR_SOCKET: 'closed the connection',
  EHOSTUNREACH: 'cannot be reached (no route to host)',
  ETIMEDOUT: 'cannot be reached (connection timed out)',
  UND_ERR_CONNECT_TIMEOUT: 'cannot be reached (connection timed out)',
};

/** fetch rejects with `fetch failed`; what went wrong is its cause. */
function requestProblem(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? (error.cause as NodeJS.ErrnoException) : undefined;
  const code = cause?.code;
  const known = code === undefined ? undefined : CONNECTION_PROBLEMS[code];
  if (known) return `${known} (${code})`;
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `cannot be asked: ${message}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
