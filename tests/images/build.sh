#!/usr/bin/env bash
# Builds small test images without internet: a busybox-static rootfs imported with `podman import`, tagged
# localhost/homelab/busybox:1, plus stand-ins for the images the examples use, pushed to the local registry that
# src/Homelab.Server/dist/setup-host.sh starts. Each stand-in runs busybox httpd on port 80 (or $PORT) serving a page
# that names the image, so a test can tell which image answers.
#
# Usage: tests/images/build.sh [--force] [IMAGE...]
#   IMAGE is a repository path and tag under the registry, e.g. homelab/caddy:2.8. Default: the images the examples use.
#   --force  build and push even images the registry already has (each build has a new digest: the tag moves).
# Environment: HOMELAB_REGISTRY_ADDR (default 127.0.0.1:5000).
# Idempotent: an image the registry already has is left alone, so a running homelab's tags do not move under it.
set -euo pipefail

registry="${HOMELAB_REGISTRY_ADDR:-127.0.0.1:5000}"
force=0
if [[ "${1:-}" == --force ]]; then
  force=1
  shift
fi
if (($#)); then
  images=("$@")
else
  images=(homelab/caddy:2.8 homelab/jellyfin:10.10.3 homelab/home-assistant:2024.11 homelab/postgres:16)
fi

busybox_bin=/bin/busybox
[[ -x "$busybox_bin" ]] || busybox_bin=/usr/bin/busybox
if ldd "$busybox_bin" >/dev/null 2>&1; then
  echo "build.sh: $busybox_bin is dynamically linked; install busybox-static (setup-host.sh does)" >&2
  exit 1
fi

work="$(mktemp -d /tmp/homelab-images.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# make_rootfs DIR TITLE: a minimal tree; busybox applets as symlinks so `sh`, `httpd`, `sleep`, `wget` resolve.
make_rootfs() {
  local root="$1" title="$2"
  mkdir -p "$root"/{bin,sbin,etc,tmp,srv,var/run,proc,sys,dev,data,config,root}
  chmod 1777 "$root/tmp"
  cp "$busybox_bin" "$root/bin/busybox"
  local applet
  for applet in $("$busybox_bin" --list); do
    [[ "$applet" == busybox ]] && continue
    ln -sf busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  printf '<!doctype html><title>%s</title><h1>%s</h1>\n' "$title" "$title" >"$root/srv/index.html"
}

import_image() {
  local root="$1" name="$2"
  # httpd -f: foreground, so the container lives as long as the server; ${PORT:-80} lets a test pick the port.
  tar -C "$root" -cf - . | podman import --quiet \
    --change 'CMD ["/bin/sh", "-c", "exec /bin/httpd -f -v -p ${PORT:-80} -h /srv"]' \
    --change 'WORKDIR /' \
    --change 'ENV PATH=/bin:/sbin' \
    - "$name" >/dev/null
}

# in_registry REPOSITORY:TAG: whether the registry already serves that manifest.
in_registry() {
  local repository="${1%%:*}" tag="${1##*:}"
  "$busybox_bin" wget -q -O /dev/null \
    --header 'Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' \
    "http://$registry/v2/$repository/manifests/$tag" 2>/dev/null
}

if ((force)) || ! podman image exists localhost/homelab/busybox:1; then
  make_rootfs "$work/busybox" "homelab/busybox:1"
  import_image "$work/busybox" localhost/homelab/busybox:1
  echo "build.sh: built localhost/homelab/busybox:1"
fi

for image in "${images[@]}"; do
  if [[ ! "$image" =~ ^[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9_][A-Za-z0-9._-]*$ ]]; then
    echo "build.sh: '$image' is not REPOSITORY:TAG" >&2
    exit 2
  fi
  if ((!force)) && in_registry "$image"; then
    echo "build.sh: $registry/$image already in the registry"
    continue
  fi
  root="$work/$(echo "$image" | tr '/:' '__')"
  make_rootfs "$root" "$image"
  ref="$registry/$image"
  import_image "$root" "$ref"
  podman push --tls-verify=false --quiet "$ref" >/dev/null
  # Drop the local copy so the next pull records the registry's manifest digest, as on a host that never built it.
  podman rmi "$ref" >/dev/null
  echo "build.sh: pushed $ref"
done
