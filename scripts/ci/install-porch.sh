#!/usr/bin/env bash
# Installs what the Porch e2e tests need (issue 18): Porch's server, porchctl, function runner and
# controllers, built from the Go module proxy with the wrapper module in test/porch/build, the Porch
# CRDs copied from the same module source, and the kpt catalog's apply-replacements at the version
# Porch links in as a built-in (the tests render the same package with kpt to compare).
# Everything is cached outside the clone, keyed by version, and built only when missing.
# Prints the cache directory; the tests find it through FOCOM_PORCH_HOME or the same default.
# Run by .ci/run before npm ci; safe to run again (a warm run takes a second).
set -euo pipefail
cd "$(dirname "$0")/../.."

WRAPPER=test/porch/build
# The wrapper module's go.mod is the one place the version is written (the tests read it too).
PORCH_MODULE=github.com/nephio-project/porch
PORCH_VERSION="$(awk -v m="$PORCH_MODULE" '($1 == m) {print $2} ($1 == "require" && $2 == m) {print $3}' "$WRAPPER/go.mod")"
[ -n "$PORCH_VERSION" ] || { echo "$WRAPPER/go.mod does not require $PORCH_MODULE" >&2; exit 1; }
PORCH_HOME="${FOCOM_PORCH_HOME:-${FOCOM_CACHE:-$HOME/.cache/focom}/porch-${PORCH_VERSION}}"
export PATH="/usr/local/go/bin:$PATH"

command -v git >/dev/null 2>&1 || { echo "git is required: Porch's repositories are git repositories" >&2; exit 1; }
if ! command -v gcc >/dev/null 2>&1; then
  echo "gcc not found: installing Debian's gcc (Porch builds with cgo)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev >/dev/null
fi

binaries=(porch porchctl porch-function-runner porch-controllers apply-replacements)
have_all=true
for b in "${binaries[@]}"; do [ -x "$PORCH_HOME/bin/$b" ] || have_all=false; done
[ -d "$PORCH_HOME/crds" ] || have_all=false

if $have_all; then
  echo "porch ${PORCH_VERSION}: reusing $PORCH_HOME" >&2
else
  echo "porch ${PORCH_VERSION}: building into $PORCH_HOME (cold build takes about 10 minutes and 2 GB of memory)" >&2
  mkdir -p "$(dirname "$PORCH_HOME")"
  staging="$(mktemp -d "${PORCH_HOME}.build.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  started=$SECONDS
  mkdir -p "$staging/bin" "$staging/crds"
  (cd "$WRAPPER" &&
    go build -ldflags "-s -w" -o "$staging/bin/" \
      "$PORCH_MODULE/cmd/porch" "$PORCH_MODULE/cmd/porchctl" \
      "$PORCH_MODULE/func/server" "$PORCH_MODULE/controllers" \
      github.com/kptdev/krm-functions-catalog/functions/go/apply-replacements)
  # go build names each binary after its package directory: give the generic ones Porch's names.
  mv "$staging/bin/server" "$staging/bin/porch-function-runner"
  mv "$staging/bin/controllers" "$staging/bin/porch-controllers"
  # The CRDs Porch's server and controllers need, from the module source the binaries came from.
  src="$(cd "$WRAPPER" && go list -m -f '{{.Dir}}' "$PORCH_MODULE")"
  for dir in api/porchconfig/v1alpha1 internal/api/porchinternal/v1alpha1 controllers/config/crd/bases; do
    cp "$src/$dir"/*.yaml "$staging/crds/"
  done
  chmod u+w "$staging/crds"/*.yaml
  # Move into place only when everything built, so an interrupted build is never mistaken for a cache hit.
  rm -rf "$PORCH_HOME"
  mv "$staging" "$PORCH_HOME"
  trap - EXIT
  echo "porch ${PORCH_VERSION}: built in $((SECONDS - started)) s" >&2
fi
echo "$PORCH_HOME"
