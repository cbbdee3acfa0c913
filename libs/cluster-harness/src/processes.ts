/**
 * Long-running child processes: each logs to a file, its early exit is noticed, and it stops
 * with SIGTERM (SIGKILL after a grace period). Shared by provision-seed and the tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { freePort } from './free-port';

const STOP_GRACE_MS = 20_000;
export const READY_TIMEOUT_MS = 60_000;

/** A child process whose output goes to a log file, and whose early exit is noticed. */
export interface Supervised {
  name: string;
  pid: number | undefined;
  /** The file its stdout and stderr go to. */
  logFile: string;
  exited(): string | undefined;
  /** Everything the process wrote to stdout and stderr so far. */
  log(): string;
  logTail(lines?: number): string;
  kill(): void;
  stop(): Promise<void>;
  /** Lets this process outlive ours (provision-seed --keep): no longer waited for. */
  release(): void;
}

export interface SuperviseOptions {
  env?: NodeJS.ProcessEnv;
  /** Its own process group, so a Ctrl-C in the terminal reaches only us and we stop it in order. */
  detached?: boolean;
}

export function supervise(name: string, program: string, args: readonly string[], dir: string, options: SuperviseOptions = {}): Supervised {
  const logFile = join(dir, `${name}.log`);
  const logFd = openSync(logFile, 'a');
  const child: ChildProcess = spawn(program, args, {
    cwd: dir,
    stdio: ['ignore', logFd, logFd],
    env: options.env ?? process.env,
    detached: options.detached ?? false,
  });
  closeSync(logFd);
  let exit: string | undefined;
  const done = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
    child.once('error', (error) => {
      exit = `could not start: ${error.message}`;
      resolve();
    });
  });
  const log = (): string => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  return {
    name,
    pid: child.pid,
    logFile,
    exited: () => exit,
    log,
    logTail: (lines = 30) => log().split('\n').slice(-lines).join('\n'),
    kill: () => {
      if (exit === undefined) child.kill('SIGKILL');
    },
    stop: async () => {
      if (exit !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await done;
      clearTimeout(timer);
    },
    release: () => child.unref(),
  };
}

/** Polls ready() until it holds; fails with the log's tail when the child exits first or after timeoutMs. */
export async function waitUntil(child: Supervised, ready: () => Promise<boolean>, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exit = child.exited();
    if (exit !== undefined) throw new Error(`${child.name} ${exit} before it was ready (log: ${child.logFile}):\n${child.logTail()}`);
    if (await ready()) return;
    if (Date.now() > deadline)
      throw new Error(`${child.name} was not ready after ${timeoutMs / 1000} s (log: ${child.logFile}):\n${child.logTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** count different ports, each free a moment ago. */
export async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** The action, run at most once however often the returned function is called. */
export function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}

/** Whether GET url answers 200 (and accept(body), when given). */
export function httpOk(url: string, accept: (body: string) => boolean = () => true): Promise<boolean> {
  return new Promise((resolve) => {
    const request = httpGet(url, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(response.statusCode === 200 && accept(body)));
    });
    request.on('error', () => resolve(false));
    request.setTimeout(2_000, () => request.destroy());
  });
}

/** Whether GET url over TLS, trusting caCert and sending the bearer token, answers 200. */
export function httpsOk(url: string, caCert: string, token: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = httpsGet(url, { ca: readFileSync(caCert), headers: { Authorization: `Bearer ${token}` } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode === 200));
    });
    request.on('error', () => resolve(false));
    request.setTimeout(2_000, () => request.destroy());
  });
}
