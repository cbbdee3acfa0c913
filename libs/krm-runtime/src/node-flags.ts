/**
 * The V8 flags every run of a function needs, given on node's command line: the `bin/`
 * shebangs, the image ENTRYPOINT, the build that writes the code cache, and `npm test`.
 * `--enable-experimental-regexp-engine` gives RegExp the `l` flag (linear time, see
 * focom/linear-regexp.ts). Node documents `v8.setFlagsFromString` after start-up as
 * unpredictable, and V8 checks its flags before accepting a code cache, so the flag is set when
 * node starts, the same way for the build and for every run.
 */
export const NODE_FLAGS: readonly string[] = ['--enable-experimental-regexp-engine'];
