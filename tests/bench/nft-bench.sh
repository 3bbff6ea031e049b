#!/usr/bin/env bash
# The nft benchmark (tests/bench/nft-bench.md) for this tree and for the design before it, in the same run: the same
# program (tests/bench/nft-bench/Program.cs, public API only) is built against BASELINE too, in a temporary worktree, and
# the two run one after the other: new, old, new, so a change in the machine's load between them shows.
# Needs root (nft) and the .NET SDK. Usage: tests/bench/nft-bench.sh [--large-only] [--compile-only]
# BASELINE defaults to the last commit of the rule-list design (ADR 0160 replaced it).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../../src/Homelab.Server/dist/as-root.sh
source "$root/src/Homelab.Server/dist/as-root.sh"
as_root tests/bench/nft-bench.sh "$@"
bash "$root/src/Homelab.Server/dist/setup-host.sh" >/dev/null

baseline=${BASELINE:-73a1137}
old=$(mktemp -d /tmp/hlbench-nft-old.XXXXXX)
trap 'git -C "$root" worktree remove --force "$old" >/dev/null 2>&1 || rm -rf "$old"' EXIT
git -C "$root" worktree add --detach "$old" "$baseline" >/dev/null 2>&1
cp "$root/tests/bench/nft-bench/Program.cs" "$root/tests/bench/nft-bench/BenchObjects.cs" "$old/tests/bench/nft-bench/"
dotnet build -c Release -v q --nologo "$root/tests/bench/nft-bench" >/dev/null
dotnet build -c Release -v q --nologo "$old/tests/bench/nft-bench" >/dev/null

run() {
  echo "### $1 ($(git -C "$2" rev-parse --short HEAD)), $(date -u +%H:%M) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  dotnet run -c Release --no-build --project "$2/tests/bench/nft-bench" -- "${@:3}"
  echo
}
run "sets (new)" "$root" "$@"
run "rule lists (old)" "$old" "$@"
run "sets (new), again" "$root" "$@"
