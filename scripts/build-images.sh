#!/usr/bin/env bash
# npm run images: builds one OCI image per function with buildah, from scratch (no base image is
# pulled): the node binary and the shared libraries it links, /etc/passwd listing nobody (kpt runs
# functions as --user nobody), the function bundle with its V8 code cache, and an exec-form
# ENTRYPOINT. IMAGE_PREFIX and IMAGE_TAG name the images (default localhost/focom/<fn>:dev).
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX="${IMAGE_PREFIX:-localhost/focom}"
TAG="${IMAGE_TAG:-dev}"
NODE="$(command -v node)"
FUNCTIONS=(validate-template-params expand-provisioning-request inject-ocloud-targeting)
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/images/containers.conf}"

[ -f dist/bundle/validate-template-params.js ] || npm run build

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT
mkdir -p "$rootfs/usr/bin" "$rootfs/etc" "$rootfs/app" "$rootfs/tmp"
chmod 1777 "$rootfs/tmp"
cp "$NODE" "$rootfs/usr/bin/node"
# The dynamic loader and every library node links, at the paths the loader expects.
for lib in $(ldd "$NODE" | grep -o '/[^ ]*'); do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"
cp dist/functions/lib/src/launch-bundle.js "$rootfs/app/launch-bundle.js"
cp dist/bundle/ajv-engine.js "$rootfs/app/ajv-engine.js"
cp images/main.js "$rootfs/app/main.js"

for fn in "${FUNCTIONS[@]}"; do
  image="$PREFIX/$fn:$TAG"
  cp "dist/bundle/$fn.js" "$rootfs/app/function.bundle.js"
  cp "dist/bundle/$fn.js.cache" "$rootfs/app/function.bundle.js.cache"
  container="$(buildah from scratch)"
  buildah copy --quiet "$container" "$rootfs" / >/dev/null
  buildah config --entrypoint '["/usr/bin/node", "--enable-experimental-regexp-engine", "/app/main.js"]' --cmd '' --user nobody \
    --label "org.opencontainers.image.title=$fn" --label "org.opencontainers.image.source=functions/$fn" "$container"
  buildah commit --quiet --rm "$container" "$image" >/dev/null
  echo "built $image"
done
