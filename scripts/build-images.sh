#!/usr/bin/env bash
# npm run images: one OCI image per function of functions/registry.ts, assembled with buildah from
# scratch, so no base image is pulled: the final stage of images/Dockerfile (its ENTRYPOINT and
# USER are read from there) on a root file system made of the node binary and the shared
# libraries it links, /etc/passwd listing nobody (kpt runs functions as --user nobody), and the
# function's files staged by the build in dist/image/<function>/. IMAGE_PREFIX and IMAGE_TAG
# name the images (default localhost/focom/<function>:dev).
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX="${IMAGE_PREFIX:-localhost/focom}"
TAG="${IMAGE_TAG:-dev}"
NODE="$(command -v node)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/images/containers.conf}"

[ -d dist/image ] || npm run build
# The functions, and the commands that run in a cluster (focom-status).
mapfile -t FUNCTIONS < <(node --import tsx -e 'const r = require("./functions/registry.ts"); for (const f of [...r.FUNCTIONS, ...r.COMMANDS.filter((c) => c.image)]) console.log(f.name)')
entrypoint="$(sed -n 's/^ENTRYPOINT //p' images/Dockerfile)"
user="$(sed -n 's/^USER //p' images/Dockerfile)"

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT
mkdir -p "$rootfs/usr/local/bin" "$rootfs/etc" "$rootfs/app" "$rootfs/tmp"
chmod 1777 "$rootfs/tmp"
# Where the node image has it, so the ENTRYPOINT's `node` resolves the same way.
cp "$NODE" "$rootfs/usr/local/bin/node"
# The dynamic loader and every library node links, at the paths the loader expects.
for lib in $(ldd "$NODE" | grep -o '/[^ ]*'); do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"

for fn in "${FUNCTIONS[@]}"; do
  image="$PREFIX/$fn:$TAG"
  container="$(buildah from scratch)"
  buildah copy --quiet "$container" "$rootfs" / >/dev/null
  buildah copy --quiet "$container" "dist/image/$fn" /app >/dev/null
  buildah config --entrypoint "$entrypoint" --cmd '' --user "$user" --workingdir /app \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --label "org.opencontainers.image.title=$fn" --label "org.opencontainers.image.source=$( [ -d "functions/$fn" ] && echo functions || echo commands )/$fn" "$container"
  buildah commit --quiet --rm "$container" "$image" >/dev/null
  echo "built $image"
done
