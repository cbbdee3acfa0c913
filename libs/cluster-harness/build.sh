#!/usr/bin/env bash
# Builds what the cluster harness runs, from the Go module proxy with the wrapper modules in go/,
# into caches outside the clone, each built only when missing (a warm run takes a second or two):
#   kube-apiserver  kube-apiserver and kubectl (the real-API-server tests, issue 17), and Debian's etcd-server
#   porch           Porch's server, porchctl, function runner and controllers, its CRDs from the same
#                   module source, and the kpt catalog's apply-replacements at the version Porch links
#                   in as a built-in (the Porch tests, issue 18)
#   flux-kwok       Flux's source-controller and kustomize-controller with their CRDs,
#                   kube-controller-manager and kube-scheduler for the edge cluster, kwok with its
#                   stage file, and githttp (the seed scenario, issue 19, bin/provision-seed)
#   yaml11-oracle   the YAML 1.1 reader the tests compare with (test/support/yaml11.ts builds it too)
#   sloth           Sloth (github.com/slok/sloth), whose rules the project's SLO rules are compared
#                   with (test/observability/sloth-comparison.test.ts)
#   all             all five
# cache-layout.json names each cache directory under ${FOCOM_CACHE:-$HOME/.cache/focom}; the
# TypeScript that finds the binaries (src/*-binaries.ts) reads the same file. FOCOM_KUBE_BIN,
# FOCOM_PORCH_HOME and FOCOM_FLUX_KWOK_HOME point a build (and the finders) elsewhere.
# Prints each cache directory on stdout. Run by .ci/run before npm ci; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/../.."

HARNESS=libs/cluster-harness
GO_DIR="$HARNESS/go"
CACHE_ROOT="${FOCOM_CACHE:-$HOME/.cache/focom}"
export PATH="/usr/local/go/bin:$PATH"
# Each wrapper module is built alone: the workspace in go/go.work (for editors and `go list`) would
# raise every module's dependencies to the highest version any of them needs (README.md).
export GOWORK=off

# cache-layout.json read once (one node start, not one per field): each field by its dotted path,
# arrays joined by spaces; a missing field is empty.
declare -A LAYOUT
while IFS=$'\t' read -r key value; do LAYOUT["$key"]="$value"; done < <(node -e '
  const flat = (o, prefix) => Object.entries(o).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return flat(v, key);
    return [[key, Array.isArray(v) ? v.join(" ") : String(v)]];
  });
  for (const [key, value] of flat(require(process.argv[1]), "")) console.log(`${key}\t${value}`);
' "$PWD/$HARNESS/cache-layout.json")
[ "${#LAYOUT[@]}" -gt 0 ] || { echo "$HARNESS/cache-layout.json could not be read (node is required)" >&2; exit 1; }
layout() { echo "${LAYOUT[$1]:-}"; }

# A version the layout names: written in the layout, or the require line of a wrapper module's go.mod.
version() {
  local written go_mod module found
  written="$(layout "versions.$1.version")"
  if [ -n "$written" ]; then echo "$written"; return; fi
  go_mod="$HARNESS/$(layout "versions.$1.goMod")"
  module="$(layout "versions.$1.module")"
  found="$(awk -v m="$module" '($1 == m) {print $2; exit} ($1 == "require" && $2 == m) {print $3; exit}' "$go_mod")"
  [ -n "$found" ] || { echo "$go_mod does not require $module" >&2; exit 1; }
  echo "$found"
}

# The cache's directory under CACHE_ROOT, its {version} names filled in.
cache_directory() {
  local name
  name="$(layout "caches.$1.directory")"
  while [[ "$name" =~ \{([A-Za-z]+)\} ]]; do
    name="${name//\{${BASH_REMATCH[1]}\}/$(version "${BASH_REMATCH[1]}")}"
  done
  echo "$CACHE_ROOT/$name"
}

# Whether home holds everything the layout lists for the cache (programs in bin_dir, default home/bin).
cache_complete() {
  local cache="$1" home="$2" bin_dir="${3:-$2/bin}" entry
  for entry in $(layout "caches.$cache.bin"); do [ -x "$bin_dir/$entry" ] || return 1; done
  for entry in $(layout "caches.$cache.files"); do [ -f "$home/$entry" ] || return 1; done
  for entry in $(layout "caches.$cache.dirs"); do [ -d "$home/$entry" ] || return 1; done
}

# A build goes to a staging folder beside its cache (`staging`, removed if the script stops) and
# is moved into place only when everything built, so an interrupted build is never mistaken for a
# cache hit. Sets the caller's `staging` and `started`.
begin_staging() {
  mkdir -p "$(dirname "$1")"
  staging="$(mktemp -d "$1.build.XXXXXX")"
  # The path is written into the trap now: the caller's `staging` is local and gone when it runs.
  # shellcheck disable=SC2064
  trap "rm -rf $(printf '%q' "$staging")" EXIT
  started=$SECONDS
}

# ldflags that stamp the Kubernetes version (without them the server reports v0.0.0-master, which
# kubectl cannot parse).
kube_version_ldflags() {
  local ldflags="-s -w" pkg minor
  minor="$(echo "$1" | cut -d. -f2)"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags="$ldflags -X $pkg.gitVersion=$1 -X $pkg.gitMajor=1 -X $pkg.gitMinor=${minor} -X $pkg.gitTreeState=clean"
  done
  echo "$ldflags"
}

build_kube_apiserver() {
  local wrapper="$GO_DIR/kube-apiserver" kube_version bin_dir staging started
  kube_version="$(version kube)"
  bin_dir="${FOCOM_KUBE_BIN:-$(cache_directory kube-apiserver)/bin}"

  if ! command -v etcd >/dev/null 2>&1; then
    echo "etcd not found: installing Debian's etcd-server" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends etcd-server >/dev/null
    # The package starts a system etcd on the default ports; the tests run their own on free ports.
    if command -v systemctl >/dev/null 2>&1; then systemctl disable --now etcd >/dev/null 2>&1 || true; fi
  fi
  command -v openssl >/dev/null 2>&1 || { echo "openssl is required for the test certificates" >&2; exit 1; }

  if cache_complete kube-apiserver "${bin_dir%/bin}" "$bin_dir"; then
    echo "kube-apiserver ${kube_version}: reusing $bin_dir" >&2
  else
    echo "kube-apiserver ${kube_version}: building into $bin_dir (cold build takes about 7 minutes and 2 GB of memory)" >&2
    local ldflags
    ldflags="$(kube_version_ldflags "$kube_version")"
    begin_staging "${bin_dir%/bin}"
    (cd "$wrapper" &&
      go build -ldflags "$ldflags" -o "$staging/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver &&
      go build -ldflags "$ldflags" -o "$staging/kubectl" k8s.io/kubernetes/cmd/kubectl)
    # Move both into place only when both built, so an interrupted build is never mistaken for a cache hit.
    mkdir -p "$bin_dir"
    mv "$staging/kube-apiserver" "$staging/kubectl" "$bin_dir/"
    echo "kube-apiserver ${kube_version}: built in $((SECONDS - started)) s" >&2
  fi
  "$bin_dir/kube-apiserver" --version >&2
  echo "$bin_dir"
}

build_porch() {
  local wrapper="$GO_DIR/porch" porch_module=github.com/nephio-project/porch porch_version porch_home staging started src dir
  porch_version="$(version porch)"
  porch_home="${FOCOM_PORCH_HOME:-$(cache_directory porch)}"

  command -v git >/dev/null 2>&1 || { echo "git is required: Porch's repositories are git repositories" >&2; exit 1; }
  if ! command -v gcc >/dev/null 2>&1; then
    echo "gcc not found: installing Debian's gcc (Porch builds with cgo)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev >/dev/null
  fi

  if cache_complete porch "$porch_home"; then
    echo "porch ${porch_version}: reusing $porch_home" >&2
  else
    echo "porch ${porch_version}: building into $porch_home (cold build takes about 10 minutes and 2 GB of memory)" >&2
    begin_staging "$porch_home"
    mkdir -p "$staging/bin" "$staging/crds"
    (cd "$wrapper" &&
      go build -ldflags "-s -w" -o "$staging/bin/" \
        "$porch_module/cmd/porch" "$porch_module/cmd/porchctl" \
        "$porch_module/func/server" "$porch_module/controllers" \
        github.com/kptdev/krm-functions-catalog/functions/go/apply-replacements)
    # go build names each binary after its package directory: give the generic ones Porch's names.
    mv "$staging/bin/server" "$staging/bin/porch-function-runner"
    mv "$staging/bin/controllers" "$staging/bin/porch-controllers"
    # The CRDs Porch's server and controllers need, from the module source the binaries came from.
    src="$(cd "$wrapper" && go list -m -f '{{.Dir}}' "$porch_module")"
    for dir in api/porchconfig/v1alpha1 internal/api/porchinternal/v1alpha1 controllers/config/crd/bases; do
      cp "$src/$dir"/*.yaml "$staging/crds/"
    done
    chmod u+w "$staging/crds"/*.yaml
    # Move into place only when everything built, so an interrupted build is never mistaken for a cache hit.
    rm -rf "$porch_home"
    mv "$staging" "$porch_home"
    trap - EXIT
    echo "porch ${porch_version}: built in $((SECONDS - started)) s" >&2
  fi
  echo "$porch_home"
}

build_flux_kwok() {
  local flux_version kube_version kwok_version home_dir staging started m src ldflags kwok_src stage
  flux_version="$(version flux)"
  version kustomize >/dev/null
  kube_version="$(version edgeKube)"
  kwok_version="$(version kwok)"
  home_dir="${FOCOM_FLUX_KWOK_HOME:-$(cache_directory flux-kwok)}"

  command -v go >/dev/null 2>&1 || { echo "go is required to build Flux, kwok and the edge control plane (https://go.dev/dl/)" >&2; exit 1; }
  command -v git >/dev/null 2>&1 || { echo "git is required: the seed scenario publishes packages to a git server" >&2; exit 1; }

  if cache_complete flux-kwok "$home_dir"; then
    echo "flux ${flux_version}, kwok ${kwok_version}, kube ${kube_version} control plane: reusing $home_dir" >&2
  else
    echo "flux ${flux_version}, kwok ${kwok_version}, kube ${kube_version} control plane: building into $home_dir" >&2
    echo "(a cold build took 23 minutes on a busy 2-core machine, up to 2 GB of memory; later runs reuse it)" >&2
    begin_staging "$home_dir"
    mkdir -p "$staging/bin" "$staging/crds"

    # Flux: go install refuses the controllers' replace directives; the wrapper modules carry them.
    # No `go mod tidy`: the proxy does not serve some of the controllers' test-only modules.
    (cd "$GO_DIR/source-controller" && go build -ldflags "-s -w" -o "$staging/bin/source-controller" github.com/fluxcd/source-controller)
    (cd "$GO_DIR/kustomize-controller" && go build -ldflags "-s -w" -o "$staging/bin/kustomize-controller" github.com/fluxcd/kustomize-controller)
    for m in source-controller kustomize-controller; do
      src="$(cd "$GO_DIR/$m" && go list -m -f '{{.Dir}}' "github.com/fluxcd/$m")"
      cp "$src"/config/crd/bases/*.yaml "$staging/crds/"
    done
    chmod u+w "$staging/crds"/*.yaml

    # The edge control plane, with the version stamped as kube-apiserver's (kubectl parses it).
    ldflags="$(kube_version_ldflags "$kube_version")"
    (cd "$GO_DIR/edge-control-plane" &&
      go build -ldflags "$ldflags" -o "$staging/bin/kube-controller-manager" k8s.io/kubernetes/cmd/kube-controller-manager &&
      go build -ldflags "$ldflags" -o "$staging/bin/kube-scheduler" k8s.io/kubernetes/cmd/kube-scheduler)

    # kwok installs directly; its stages come from the same module source.
    GOBIN="$staging/bin" go install -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@${kwok_version}"
    kwok_src="$(go mod download -json "sigs.k8s.io/kwok@${kwok_version}" | awk -F'"' '$2 == "Dir" {print $4}')"
    [ -d "$kwok_src" ] || { echo "cannot find kwok's module source" >&2; exit 1; }
    for stage in node/fast/node-initialize node/heartbeat/node-heartbeat pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
      printf -- '---\n'
      cat "$kwok_src/kustomize/stage/$stage.yaml"
    done >"$staging/kwok-stages.yaml"

    (cd "$GO_DIR/githttp" && go build -o "$staging/bin/githttp" .)

    # Move into place only when everything built, so an interrupted build is never mistaken for a cache hit.
    rm -rf "$home_dir"
    mv "$staging" "$home_dir"
    trap - EXIT
    echo "flux, kwok and the edge control plane: built in $((SECONDS - started)) s" >&2
  fi
  echo "$home_dir"
}

# Keyed by its sources (as test/support/yaml11.ts, through @focom/cluster-harness, finds it).
build_yaml11_oracle() {
  local source="$GO_DIR/yaml11-oracle" dir binary started
  command -v go >/dev/null 2>&1 || { echo "go is required to build the YAML 1.1 oracle (https://go.dev/dl/)" >&2; exit 1; }
  dir="$(cache_directory yaml11-oracle)"
  binary="$dir/$(cat "$source/main.go" "$source/go.mod" "$source/go.sum" | sha256sum | cut -c1-16)"
  if [ -x "$binary" ]; then
    echo "yaml11-oracle: reusing $binary" >&2
  else
    echo "yaml11-oracle: building into $binary" >&2
    started=$SECONDS
    mkdir -p "$dir"
    (cd "$source" && go build -o "$binary.$$" .)
    mv "$binary.$$" "$binary"
    echo "yaml11-oracle: built in $((SECONDS - started)) s" >&2
  fi
  echo "$binary"
}

# Sloth installs directly from the module proxy (no wrapper module: it has no replace directives).
build_sloth() {
  local sloth_version bin_dir staging started
  sloth_version="$(version sloth)"
  bin_dir="$(cache_directory sloth)/bin"
  command -v go >/dev/null 2>&1 || { echo "go is required to build Sloth (https://go.dev/dl/)" >&2; exit 1; }
  if cache_complete sloth "${bin_dir%/bin}"; then
    echo "sloth ${sloth_version}: reusing $bin_dir" >&2
  else
    echo "sloth ${sloth_version}: building into $bin_dir" >&2
    begin_staging "${bin_dir%/bin}"
    # The version stamped as Sloth's release builds stamp it (else `sloth version` and the rules'
    # sloth_version say "dev").
    GOBIN="$staging" go install -ldflags "-s -w -X github.com/slok/sloth/internal/info.Version=${sloth_version}" \
      "github.com/slok/sloth/cmd/sloth@${sloth_version}"
    # Move into place only when it built, so an interrupted build is never mistaken for a cache hit.
    mkdir -p "$bin_dir"
    mv "$staging/sloth" "$bin_dir/"
    rm -rf "$staging"
    # staging is local to this function: the trap would find it unset once the function returned.
    trap - EXIT
    echo "sloth ${sloth_version}: built in $((SECONDS - started)) s" >&2
  fi
  echo "sloth $("$bin_dir/sloth" version 2>/dev/null)" >&2
  echo "$bin_dir"
}

usage="usage: $0 {kube-apiserver|porch|flux-kwok|yaml11-oracle|sloth|all}"
[ "$#" -eq 1 ] || { echo "$usage" >&2; exit 2; }
command -v node >/dev/null 2>&1 || { echo "node is required: this script reads $HARNESS/cache-layout.json with it" >&2; exit 1; }
case "$1" in
  kube-apiserver | porch | flux-kwok | yaml11-oracle | sloth) targets=("$1") ;;
  all) targets=(kube-apiserver porch flux-kwok yaml11-oracle sloth) ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
# Each build runs in a subshell, so its clean-up trap ends with it; a failure stops the script
# (never chain them with &&: bash ignores set -e inside a command that && continues).
for target in "${targets[@]}"; do
  ("build_${target//-/_}")
done
