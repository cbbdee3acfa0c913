#!/usr/bin/env bash
# `npm test`: sets up what the tests need on this machine, then runs them. It checks kpt and Go,
# installs the missing Debian packages when it may (as root), builds the cluster binaries and the
# YAML 1.1 reader once (libs/cluster-harness/build.sh, cached by version), and runs jest with the
# arguments given (`npm test -- <jest arguments>`). On a warm cache the tests start within seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"

started=$SECONDS
say() { printf 'npm test: %s\n' "$*" >&2; }

command -v kpt >/dev/null 2>&1 || {
  say "kpt is not on PATH: put the kpt v1 binary from https://github.com/kptdev/kpt/releases on PATH (README.md, Quick start)"
  exit 1
}
command -v go >/dev/null 2>&1 || {
  say "go is not on PATH: the tests build kube-apiserver, Porch, Flux, Sloth and a YAML 1.1 reader with it (https://go.dev/dl/)"
  exit 1
}

# git for the scratch packages; podman, buildah and runc for the function images; prometheus and
# promtool for the SLO rules and the observe-slos tests; GNU time for peak memory.
missing=()
for tool in git podman buildah runc; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
{ command -v promtool && command -v prometheus; } >/dev/null 2>&1 || missing+=(prometheus)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]} from Debian's packages"
    step_started=$SECONDS
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    say "installed in $((SECONDS - step_started)) s"
  else
    say "missing ${missing[*]}: install them (Debian: sudo apt-get install ${missing[*]}) and run npm test again"
    exit 1
  fi
fi

say "cluster binaries, Sloth and the YAML 1.1 reader (libs/cluster-harness/build.sh all; a cold build takes 40-55 minutes on 2 cores)"
step_started=$SECONDS
bash libs/cluster-harness/build.sh all >/dev/null
say "set up in $((SECONDS - started)) s (binaries: $((SECONDS - step_started)) s); running the tests"

exec node --enable-experimental-regexp-engine node_modules/jest/bin/jest.js "$@"
