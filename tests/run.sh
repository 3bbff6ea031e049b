#!/usr/bin/env bash
# The test command (README): prepares the host (podman, nftables, a local registry, test images), publishes the shipped
# homelabd and hlctl, then runs every test.
# Usage: sudo tests/run.sh [extra dotnet test args, e.g. --filter Category!=Integration]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ "$(id -u)" != 0 ]; then
  echo "tests/run.sh: integration tests drive podman and nftables as root; run it with sudo" >&2
  exit 2
fi

bash src/Homelab.Server/dist/setup-host.sh
bash tests/images/build.sh

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
# The end-to-end tests (tests/Homelab.Cli.Tests/EndToEnd) drive homelabd and hlctl as shipped: the Native AOT builds.
echo "publishing homelabd and hlctl (Native AOT) for the end-to-end tests ..."
bash src/Homelab.Server/dist/publish.sh "$results/bin"
export HLTEST_HOMELABD="$results/bin/homelabd" HLTEST_HLCTL="$results/bin/hlctl"
set +e
dotnet test Homelab.sln --nologo -v q --logger "console;verbosity=normal" --results-directory "$results" "$@" 2>&1 | tee "$results/out.txt"
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one summary block per test assembly ("Passed: N", "Failed: N", "Skipped: N"); CI reads one plain
# closing line.
awk '/^ +(Passed|Failed|Skipped): +[0-9]+$/ { n[$1] += $2 }
     END { printf "Tests: %d passed, %d failed, %d skipped\n", n["Passed:"], n["Failed:"], n["Skipped:"] }' "$results/out.txt"
exit "$status"
