#!/usr/bin/env bash
# Installs what the real-API-server tests need (issue 17): kube-apiserver and kubectl built from the
# Go module proxy with the wrapper module in test/apiserver/build, and Debian's etcd-server.
# The binaries are cached outside the clone, keyed by version, and built only when missing.
# Prints the binary directory; the tests find the binaries through FOCOM_KUBE_BIN or the same default.
# Run by .ci/run before npm ci; safe to run again (a warm run takes a second).
set -euo pipefail
cd "$(dirname "$0")/../.."

WRAPPER=test/apiserver/build
# The wrapper module's go.mod is the one place the version is written (the tests read it too).
KUBE_VERSION="$(awk '$1 == "require" && $2 == "k8s.io/kubernetes" {print $3}' "$WRAPPER/go.mod")"
KUBE_MINOR="$(echo "$KUBE_VERSION" | cut -d. -f2)"
[ -n "$KUBE_VERSION" ] || { echo "$WRAPPER/go.mod does not require k8s.io/kubernetes" >&2; exit 1; }
BIN_DIR="${FOCOM_KUBE_BIN:-${FOCOM_CACHE:-$HOME/.cache/focom}/kube-apiserver-${KUBE_VERSION}/bin}"
export PATH="/usr/local/go/bin:$PATH"

if ! command -v etcd >/dev/null 2>&1; then
  echo "etcd not found: installing Debian's etcd-server" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends etcd-server >/dev/null
  # The package starts a system etcd on the default ports; the tests run their own on free ports.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now etcd >/dev/null 2>&1 || true; fi
fi
command -v openssl >/dev/null 2>&1 || { echo "openssl is required for the test certificates" >&2; exit 1; }

if [ -x "$BIN_DIR/kube-apiserver" ] && [ -x "$BIN_DIR/kubectl" ]; then
  echo "kube-apiserver ${KUBE_VERSION}: reusing $BIN_DIR" >&2
else
  echo "kube-apiserver ${KUBE_VERSION}: building into $BIN_DIR (cold build takes about 7 minutes and 2 GB of memory)" >&2
  # Without the -X flags the server reports v0.0.0-master, which kubectl cannot parse.
  ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags="$ldflags -X $pkg.gitVersion=${KUBE_VERSION} -X $pkg.gitMajor=1 -X $pkg.gitMinor=${KUBE_MINOR} -X $pkg.gitTreeState=clean"
  done
  mkdir -p "$(dirname "$BIN_DIR")"
  staging="$(mktemp -d "${BIN_DIR%/bin}.build.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  started=$SECONDS
  (cd "$WRAPPER" &&
    go build -ldflags "$ldflags" -o "$staging/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver &&
    go build -ldflags "$ldflags" -o "$staging/kubectl" k8s.io/kubernetes/cmd/kubectl)
  # Move both into place only when both built, so an interrupted build is never mistaken for a cache hit.
  mkdir -p "$BIN_DIR"
  mv "$staging/kube-apiserver" "$staging/kubectl" "$BIN_DIR/"
  echo "kube-apiserver ${KUBE_VERSION}: built in $((SECONDS - started)) s" >&2
fi
"$BIN_DIR/kube-apiserver" --version >&2
echo "$BIN_DIR"
