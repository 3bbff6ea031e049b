#!/usr/bin/env bash
# Builds the image of the proxy homelabd runs for Routes (ProxyOptions.Image, 127.0.0.1:5000/homelab/proxy:VERSION) from
# Debian's caddy package, without the internet and without installing the package on the host (its systemd unit would
# take port 80): the .deb is downloaded from the host's apt sources and unpacked, and a root file system with the caddy
# binary, the libraries it links and the CA bundle is imported with `podman import` and pushed to the local registry.
#
# Usage: build-proxy-image.sh [--force]     (--force: build and push even when the registry has the image)
# Environment: HOMELAB_REGISTRY_ADDR (default 127.0.0.1:5000). Prints the image reference on its last line.
set -euo pipefail

registry="${HOMELAB_REGISTRY_ADDR:-127.0.0.1:5000}"
force=0
[[ "${1:-}" == --force ]] && force=1

work="$(mktemp -d /tmp/homelab-proxy-image.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download caddy >/dev/null 2>"$work/apt.log" || {
  echo "build-proxy-image: apt-get download caddy failed (run apt-get update?):" >&2
  cat "$work/apt.log" >&2
  exit 1
}
deb="$(echo caddy_*.deb)"
# The upstream version: 2.6.2-5 → 2.6.2 (homelabd's default image names it).
version="$(dpkg-deb -f "$deb" Version)"
version="${version%%-*}"
version="${version#*:}"
image="$registry/homelab/proxy:$version"

if ((!force)) && curl -fsS -m 5 -o /dev/null \
  -H 'Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' \
  "http://$registry/v2/homelab/proxy/manifests/$version" 2>/dev/null; then
  echo "build-proxy-image: $image already in the registry"
  echo "$image"
  exit 0
fi

dpkg-deb -x "$deb" pkg
root="$work/root"
mkdir -p "$root"/{usr/bin,etc/caddy,etc/ssl/certs,data,tmp}
chmod 1777 "$root/tmp"
cp pkg/usr/bin/caddy "$root/usr/bin/caddy"
# The dynamic loader and every library caddy links, at the paths the binary names.
for lib in $(ldd pkg/usr/bin/caddy | grep -o '/[^ )]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
[[ -f /etc/ssl/certs/ca-certificates.crt ]] && cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
printf 'root:x:0:0:root:/data:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

tar -C "$root" -cf - . | podman import --quiet \
  --change 'ENTRYPOINT ["/usr/bin/caddy"]' \
  --change 'CMD ["run", "--config", "/etc/caddy/initial.json", "--resume"]' \
  --change 'ENV XDG_CONFIG_HOME=/data/config XDG_DATA_HOME=/data/data HOME=/data' \
  - "$image" >/dev/null
podman push --tls-verify=false --quiet "$image" >/dev/null
echo "build-proxy-image: pushed $image (caddy $(dpkg-deb -f "$deb" Version) from Debian)"
echo "$image"
