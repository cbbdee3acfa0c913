#!/usr/bin/env bash
# Installs what the seed scenario (issue 19, bin/provision-seed) needs beyond kube-apiserver and
# Porch: Flux's source-controller and kustomize-controller with their CRDs, kube-controller-manager
# and kube-scheduler for the edge cluster, kwok (fake nodes) with its stage file, and githttp (a
# git smart-HTTP server Flux can clone from). The Go wrapper modules are in scripts/cluster/build.
# Everything is cached outside the clone, keyed by version, and built only when missing.
# Prints the cache directory; provision-seed finds it through FOCOM_FLUX_KWOK_HOME or the same default.
# Run by .ci/run before npm ci; safe to run again (a warm run takes a second).
set -euo pipefail
cd "$(dirname "$0")/../.."

BUILD=scripts/cluster/build
# The wrapper modules' go.mod files are the one place the versions are written.
require_version() { awk -v m="$2" '($1 == m) {print $2; exit} ($1 == "require" && $2 == m) {print $3; exit}' "$BUILD/$1/go.mod"; }
FLUX_VERSION="$(require_version source-controller github.com/fluxcd/source-controller)"
KUSTOMIZE_VERSION="$(require_version kustomize-controller github.com/fluxcd/kustomize-controller)"
KUBE_VERSION="$(require_version edge-control-plane k8s.io/kubernetes)"
KWOK_VERSION=v0.8.0
for v in FLUX_VERSION KUSTOMIZE_VERSION KUBE_VERSION; do
  [ -n "${!v}" ] || { echo "cannot read $v from $BUILD/*/go.mod" >&2; exit 1; }
done
KUBE_MINOR="$(echo "$KUBE_VERSION" | cut -d. -f2)"
KEY="flux-${FLUX_VERSION}-kwok-${KWOK_VERSION}-kube-${KUBE_VERSION}"
HOME_DIR="${FOCOM_FLUX_KWOK_HOME:-${FOCOM_CACHE:-$HOME/.cache/focom}/${KEY}}"
export PATH="/usr/local/go/bin:$PATH"

command -v go >/dev/null 2>&1 || { echo "go is required to build Flux, kwok and the edge control plane (https://go.dev/dl/)" >&2; exit 1; }
command -v git >/dev/null 2>&1 || { echo "git is required: the seed scenario publishes packages to a git server" >&2; exit 1; }

binaries=(source-controller kustomize-controller kube-controller-manager kube-scheduler kwok githttp)
have_all=true
for b in "${binaries[@]}"; do [ -x "$HOME_DIR/bin/$b" ] || have_all=false; done
[ -d "$HOME_DIR/crds" ] && [ -f "$HOME_DIR/kwok-stages.yaml" ] || have_all=false

if $have_all; then
  echo "flux ${FLUX_VERSION}, kwok ${KWOK_VERSION}, kube ${KUBE_VERSION} control plane: reusing $HOME_DIR" >&2
else
  echo "flux ${FLUX_VERSION}, kwok ${KWOK_VERSION}, kube ${KUBE_VERSION} control plane: building into $HOME_DIR" >&2
  echo "(a cold build took 23 minutes on a busy 2-core machine, up to 2 GB of memory; later runs reuse it)" >&2
  mkdir -p "$(dirname "$HOME_DIR")"
  staging="$(mktemp -d "${HOME_DIR}.build.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  started=$SECONDS
  mkdir -p "$staging/bin" "$staging/crds"

  # Flux: go install refuses the controllers' replace directives; the wrapper modules carry them.
  # No `go mod tidy`: the proxy does not serve some of the controllers' test-only modules.
  (cd "$BUILD/source-controller" && go build -ldflags "-s -w" -o "$staging/bin/source-controller" github.com/fluxcd/source-controller)
  (cd "$BUILD/kustomize-controller" && go build -ldflags "-s -w" -o "$staging/bin/kustomize-controller" github.com/fluxcd/kustomize-controller)
  for m in source-controller kustomize-controller; do
    src="$(cd "$BUILD/$m" && go list -m -f '{{.Dir}}' "github.com/fluxcd/$m")"
    cp "$src"/config/crd/bases/*.yaml "$staging/crds/"
  done
  chmod u+w "$staging/crds"/*.yaml

  # The edge control plane, with the version stamped as kube-apiserver's (kubectl parses it).
  ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags="$ldflags -X $pkg.gitVersion=${KUBE_VERSION} -X $pkg.gitMajor=1 -X $pkg.gitMinor=${KUBE_MINOR} -X $pkg.gitTreeState=clean"
  done
  (cd "$BUILD/edge-control-plane" &&
    go build -ldflags "$ldflags" -o "$staging/bin/kube-controller-manager" k8s.io/kubernetes/cmd/kube-controller-manager &&
    go build -ldflags "$ldflags" -o "$staging/bin/kube-scheduler" k8s.io/kubernetes/cmd/kube-scheduler)

  # kwok installs directly; its stages come from the same module source.
  GOBIN="$staging/bin" go install -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}"
  kwok_src="$(go mod download -json "sigs.k8s.io/kwok@${KWOK_VERSION}" | awk -F'"' '$2 == "Dir" {print $4}')"
  [ -d "$kwok_src" ] || { echo "cannot find kwok's module source" >&2; exit 1; }
  for stage in node/fast/node-initialize node/heartbeat/node-heartbeat pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
    printf -- '---\n'
    cat "$kwok_src/kustomize/stage/$stage.yaml"
  done >"$staging/kwok-stages.yaml"

  (cd "$BUILD/githttp" && go build -o "$staging/bin/githttp" .)

  # Move into place only when everything built, so an interrupted build is never mistaken for a cache hit.
  rm -rf "$HOME_DIR"
  mv "$staging" "$HOME_DIR"
  trap - EXIT
  echo "flux, kwok and the edge control plane: built in $((SECONDS - started)) s" >&2
fi
echo "$HOME_DIR"
