#!/usr/bin/env bash
# The test command (README): prepares the host (podman, nftables, a local registry, test images), publishes the shipped
# homelabd and hlctl, then runs every test.
# Usage: tests/run.sh [extra dotnet test args, e.g. --filter Category!=Integration]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../src/Homelab.Server/dist/as-root.sh
source "$root/src/Homelab.Server/dist/as-root.sh"
as_root tests/run.sh "$@"
cd "$root"


bash src/Homelab.Server/dist/setup-host.sh
# Test-only tools homelabd itself does not need: promtool and a real Prometheus (the /metrics tests), Debian's
# chromium and its chromedriver (the status pages in a headless browser), python3 (the real-packet tests craft IPv6
# spoofs with tests/Homelab.Nftables.Tests/Integration/icmpv6_send.py).
# shellcheck source=../src/Homelab.Server/dist/packages.sh
source src/Homelab.Server/dist/packages.sh
ensure_packages tests prometheus chromium chromium-driver python3

# pebble and pebble-challtestsrv: a real ACME server on loopback for the ACME tests (tests/Homelab.TestKit/Pebble.cs).
ensure_packages tests pebble

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
# The end-to-end tests (tests/Homelab.Cli.Tests/EndToEnd) drive homelabd and hlctl as shipped: the Native AOT builds.
echo "publishing homelabd and hlctl (Native AOT) for the end-to-end tests ..."
bash src/Homelab.Server/dist/publish.sh "$results/bin"
export HLTEST_HOMELABD="$results/bin/homelabd" HLTEST_HLCTL="$results/bin/hlctl"

# Fail fast on a host that is not ready (CNI backend, no nft …): the daemon's own preflight, as a table with fixes.
if ! "$HLTEST_HOMELABD" check --data-dir "$results/preflight" --socket "$results/preflight/h.sock" --instance hltest-preflight; then
  echo "tests/run.sh: the host is not ready for homelabd (see the table above); not running the tests" >&2
  exit 3
fi
bash tests/images/build.sh
bash src/Homelab.Server/dist/build-proxy-image.sh
set +e
dotnet test Homelab.sln --nologo -v q --logger "console;verbosity=normal" --results-directory "$results" "$@" 2>&1 | tee "$results/out.txt"
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one summary block per test assembly ("Passed: N", "Failed: N", "Skipped: N"); CI reads one plain
# closing line.
awk '/^ +(Passed|Failed|Skipped): +[0-9]+$/ { n[$1] += $2 }
     END { printf "Tests: %d passed, %d failed, %d skipped\n", n["Passed:"], n["Failed:"], n["Skipped:"] }' "$results/out.txt"
exit "$status"
