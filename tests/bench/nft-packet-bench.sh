#!/usr/bin/env bash
# Per-packet cost of the firewall at scale: new TCP connections/s and iperf3 throughput between two real Services, with
# the table holding only them and with 1,000 other Services and policies (tests/bench/nft-packet-bench.md).
# Needs root (podman, nft, nsenter) and the test image localhost/homelab/busybox:1 (tests/images/build.sh).
# Usage: sudo tests/bench/nft-packet-bench.sh [ROUNDS=5] [--linear N]   (--linear: the bench checking itself, see the .md)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
[[ "$(id -u)" -eq 0 ]] || { echo "nft-packet-bench: run as root (podman networks, nft tables, nsenter)" >&2; exit 1; }
# shellcheck source=../../src/Homelab.Server/dist/packages.sh
source "$ROOT/src/Homelab.Server/dist/packages.sh"
ensure_packages nft-packet-bench iperf3 python3 >&2
podman image exists localhost/homelab/busybox:1 \
  || { echo "nft-packet-bench: no localhost/homelab/busybox:1; run tests/images/build.sh first" >&2; exit 1; }

dotnet build -c Release -v q -nologo "$ROOT/tests/bench/nft-packet-bench" >&2
# The program itself, not dotnet run, so Ctrl-C and TERM reach the process that cleans up.
exec dotnet "$ROOT/tests/bench/nft-packet-bench/bin/Release/net10.0/NftPacketBench.dll" "$@"
