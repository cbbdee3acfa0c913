/**
 * The git server Flux clones from: githttp serves the bare repositories of one directory over
 * smart HTTP on 127.0.0.1 (Flux's GitRepository accepts only http(s) and ssh URLs). Porch writes
 * the same repositories through file:// URLs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Supervised, supervise, waitUntil } from './processes';

export interface GitServer {
  process: Supervised;
  /** http://127.0.0.1:<port>/<name>.git */
  url(repository: string): string;
}

export async function startGitServer(githttp: string, root: string, dir: string, detached: boolean): Promise<GitServer> {
  const portFile = join(dir, 'githttp.port');
  const server = supervise('githttp', githttp, [root, portFile], dir, { detached });
  await waitUntil(server, () => Promise.resolve(existsSync(portFile)));
  const port = readFileSync(portFile, 'utf8').trim();
  return { process: server, url: (repository) => `http://127.0.0.1:${port}/${repository}.git` };
}
