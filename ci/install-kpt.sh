#!/usr/bin/env bash
# Installs the kpt release the functions are tested with, from kpt's GitHub releases, and refuses
# it unless its SHA-256 is the one pinned here. Usage: ci/install-kpt.sh [DIR] (default
# /usr/local/bin; put DIR on PATH). linux/amd64 only: the runners both pipelines use.
set -euo pipefail

KPT_VERSION=v1.0.0-beta.56
# sha256 of kpt_linux_amd64 of that release. To move to another release, change both lines
# together, with the hash from the release's checksums.txt.
KPT_SHA256=669ea9b583b2bbe16f5928f7b43ccae36a05e975cbc881c3304ad600bc010db4

dir=${1:-/usr/local/bin}
mkdir -p "$dir"
download=$(mktemp)
trap 'rm -f "$download"' EXIT
curl -fsSL --retry 3 -o "$download" "https://github.com/kptdev/kpt/releases/download/${KPT_VERSION}/kpt_linux_amd64"
if ! echo "${KPT_SHA256}  ${download}" | sha256sum --check --status; then
  echo "install-kpt: kpt_linux_amd64 ${KPT_VERSION} does not have the pinned SHA-256 ${KPT_SHA256}: not installed" >&2
  exit 1
fi
install -m 0755 "$download" "$dir/kpt"
"$dir/kpt" version
