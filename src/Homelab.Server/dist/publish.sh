#!/usr/bin/env bash
# Builds homelabd and hlctl as shipped: Native AOT executables, which need no .NET runtime where they run. The daemon
# takes about half the memory of the JIT build (ARCHITECTURE.md, "Memory"); hlctl starts in milliseconds. Installs the
# native toolchain the AOT compiler links with (clang, zlib headers) when it is missing. About three minutes on a
# two-core machine.
#
# Usage: sudo publish.sh OUTPUT_DIR      (writes OUTPUT_DIR/homelabd and OUTPUT_DIR/hlctl)
set -euo pipefail
out="${1:?usage: publish.sh OUTPUT_DIR}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"

toolchain=(clang zlib1g-dev)
missing=()
for p in "${toolchain[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "publish: the AOT compiler needs ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/homelab-publish-apt.log 2>&1; then
    apt-get update >>/tmp/homelab-publish-apt.log 2>&1
    apt-get install -y --no-install-recommends "${missing[@]}" >>/tmp/homelab-publish-apt.log 2>&1 \
      || { echo "publish: apt-get install ${missing[*]} failed, see /tmp/homelab-publish-apt.log" >&2; exit 1; }
  fi
  echo "publish: installed ${missing[*]}"
fi

dotnet publish "$root/src/Homelab.Server" -c Release -o "$out" --nologo -v q
dotnet publish "$root/src/Homelab.Cli" -c Release -o "$out" --nologo -v q
