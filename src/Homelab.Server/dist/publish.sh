#!/usr/bin/env bash
# Builds homelabd and hlctl as shipped: Native AOT executables, which need no .NET runtime where they run. The daemon
# takes about two thirds of the JIT build's memory (tests/bench/memory.md); hlctl starts in milliseconds. Installs the
# native toolchain the AOT compiler links with (clang, zlib headers) when it is missing. About three minutes on a
# two-core machine.
#
# Usage: sudo publish.sh OUTPUT_DIR      (writes OUTPUT_DIR/homelabd and OUTPUT_DIR/hlctl)
set -euo pipefail
out="${1:?usage: publish.sh OUTPUT_DIR}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"

# shellcheck source=packages.sh
source "$(dirname "$0")/packages.sh"
ensure_packages publish clang zlib1g-dev

dotnet publish "$root/src/Homelab.Server" -c Release -o "$out" --nologo -v q
dotnet publish "$root/src/Homelab.Cli" -c Release -o "$out" --nologo -v q
