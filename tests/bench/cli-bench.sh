#!/usr/bin/env bash
# End-to-end hlctl benchmark against a real homelabd (no controllers), all figures from one run:
#   floor   hlctl version                      (process start + one request)
#   noop    hlctl apply -f 100 objects, nothing changed   (must write nothing: revision checked before/after)
#   get     hlctl get svc with 1,000 Services in the namespace
# Prints each mean and its ratio to the floor. Target: noop <= 2x floor. The JIT build of hlctl runs the floor and the
# no-op too, as the baseline for the shipped Native AOT build.
# Uses hyperfine when installed, else a timed bash loop. Usage: tests/bench/cli-bench.sh [RUNS]
set -euo pipefail

RUNS="${1:-20}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/hltest-clibench-XXXXXX)"
# shellcheck source=daemon.sh
source "$ROOT/tests/bench/daemon.sh"

cleanup() {
  daemon_stop
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# shellcheck source=../../src/Homelab.Server/dist/packages.sh
source "$ROOT/src/Homelab.Server/dist/packages.sh"
ensure_packages cli-bench curl jq >&2

echo "publishing hlctl and homelabd (Native AOT, as shipped) into $WORK ..." >&2
bash "$ROOT/src/Homelab.Server/dist/publish.sh" "$WORK/bin" >/dev/null
dotnet build "$ROOT/src/Homelab.Cli" -c Release -o "$WORK/jit" -v q --nologo >/dev/null

daemon_start "$WORK/bin/homelabd" "clibench-$$" none

HL="$WORK/bin/hlctl --socket $SOCK"
revision() { curl -sf --unix-socket "$SOCK" http://homelabd/apis/homelab.dev/v1alpha1/namespaces | jq -r .metadata.resourceVersion; }

service() { # name namespace
  printf 'apiVersion: homelab.dev/v1alpha1\nkind: Service\nmetadata:\n  name: %s\n  namespace: %s\n  labels: {app: %s, tier: bench}\nspec:\n  image: docker.io/library/nginx:1.27\n  env:\n    - {name: TZ, value: Europe/Berlin}\n  ports:\n    - {name: http, containerPort: 80, hostPort: %d}\n  resources: {memory: 256Mi, pids: 100}\n---\n' "$1" "$2" "$1" "$3"
}

{ printf 'apiVersion: homelab.dev/v1alpha1\nkind: Namespace\nmetadata: {name: apply}\n---\n'
  for i in $(seq 1 99); do service "svc-$i" apply $((20000 + i)); done; } >"$WORK/apply-100.yaml"
{ printf 'apiVersion: homelab.dev/v1alpha1\nkind: Namespace\nmetadata: {name: bulk}\n---\n'
  for i in $(seq 1 1000); do service "svc-$i" bulk $((30000 + i)); done; } >"$WORK/bulk-1000.yaml"

$HL apply -f "$WORK/apply-100.yaml" >/dev/null
$HL apply -f "$WORK/bulk-1000.yaml" >/dev/null
[[ "$($HL get svc -n bulk -o name | wc -l)" == 1000 ]] || { echo "expected 1000 services in bulk" >&2; exit 1; }

before="$(revision)"
CMD_FLOOR="$HL version"
CMD_NOOP="$HL apply -f $WORK/apply-100.yaml"
CMD_GET="$HL get svc -n bulk"
JIT="dotnet $WORK/jit/hlctl.dll --socket $SOCK"
CMD_FLOOR_JIT="$JIT version"
CMD_NOOP_JIT="$JIT apply -f $WORK/apply-100.yaml"
# A no-op apply must say unchanged for all 100 and must not write.
[[ "$($CMD_NOOP | grep -c ' unchanged$')" == 100 ]] || { echo "no-op apply changed something" >&2; exit 1; }

declare -A MEAN
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$WORK/h.json" \
    -n floor "$CMD_FLOOR" -n noop-apply-100 "$CMD_NOOP" -n get-svc-1000 "$CMD_GET" \
    -n jit-floor "$CMD_FLOOR_JIT" -n jit-noop-apply-100 "$CMD_NOOP_JIT" >&2
  while read -r name mean; do MEAN[$name]="$mean"; done < <(jq -r '.results[] | "\(.command) \(.mean)"' "$WORK/h.json")
else
  for pair in "floor|$CMD_FLOOR" "noop-apply-100|$CMD_NOOP" "get-svc-1000|$CMD_GET" \
    "jit-floor|$CMD_FLOOR_JIT" "jit-noop-apply-100|$CMD_NOOP_JIT"; do
    name="${pair%%|*}"; cmd="${pair#*|}"
    for _ in 1 2 3; do $cmd >/dev/null; done
    start=$(date +%s.%N)
    for _ in $(seq 1 "$RUNS"); do $cmd >/dev/null; done
    MEAN[$name]=$(echo "($(date +%s.%N) - $start) / $RUNS" | bc -l)
  done
fi

after="$(revision)"
if [[ "$before" != "$after" ]]; then
  echo "FAIL: the no-op apply moved the store revision from $before to $after" >&2
  exit 1
fi

printf '\n%-16s %10s %8s\n' "command" "mean(ms)" "x floor"
for name in floor noop-apply-100 get-svc-1000 jit-floor jit-noop-apply-100; do
  printf '%-16s %10.1f %8.2f\n' "$name" "$(echo "${MEAN[$name]} * 1000" | bc -l)" "$(echo "${MEAN[$name]} / ${MEAN[floor]}" | bc -l)"
done
echo "store revision before/after the no-op applies: $before / $after (unchanged)"
ratio=$(echo "${MEAN[noop-apply-100]} / ${MEAN[floor]}" | bc -l)
if (( $(echo "$ratio <= 2" | bc -l) )); then echo "target no-op apply <= 2x floor: met"; else echo "target no-op apply <= 2x floor: MISSED"; fi
printf 'the shipped no-op apply takes %.2fx the JIT build'"'"'s no-op and %.2fx its floor\n' \
  "$(echo "${MEAN[noop-apply-100]} / ${MEAN[jit-noop-apply-100]}" | bc -l)" "$(echo "${MEAN[noop-apply-100]} / ${MEAN[jit-floor]}" | bc -l)"
