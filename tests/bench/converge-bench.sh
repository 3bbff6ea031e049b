#!/usr/bin/env bash
# Cold converge of N Services (default 20), all figures from one run:
#   homelab   the real ServiceController + PodmanRuntime (tests/bench/converge-harness, in-memory store; switch to
#             homelabd + hlctl once the daemon wires AddServiceController)
#   raw       sequential `podman network create` + `podman run` of the same containers
#   compose   `podman-compose up -d` on an equivalent compose file (one network per service)
# then the homelab no-op re-apply and a one-Service change. Prints seconds and ratios.
# Targets (architecture.md §9): homelab cold <= 1.2x raw; far below compose; no-op touches no container.
# Needs root, setup-host.sh and tests/images/build.sh run first. Usage: tests/bench/converge-bench.sh [N]
set -euo pipefail

N="${1:-20}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TAG="hlbench$$"
IMAGE="127.0.0.1:5000/homelab/caddy:2.8"
WORK="$(mktemp -d /tmp/hltest-convergebench-XXXXXX)"

cleanup() {
  podman ps -a -q --filter "label=homelab.dev/managed-by=$TAG" | xargs -r podman rm -f -t 0 >/dev/null 2>&1 || true
  podman ps -a -q --filter "label=bench=$TAG" | xargs -r podman rm -f -t 0 >/dev/null 2>&1 || true
  podman network ls -q --filter "label=homelab.dev/managed-by=$TAG" | xargs -r podman network rm -f >/dev/null 2>&1 || true
  podman network ls -q --filter "label=bench=$TAG" | xargs -r podman network rm -f >/dev/null 2>&1 || true
  podman network ls -q | grep "^${TAG}" | xargs -r podman network rm -f >/dev/null 2>&1 || true
  rm -rf "$WORK" "/tmp/$TAG"
}
trap cleanup EXIT INT TERM

now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

podman pull -q "$IMAGE" >/dev/null
DIGEST="$(podman image inspect --format '{{.Digest}}' "$IMAGE")"
PINNED="127.0.0.1:5000/homelab/caddy@$DIGEST"

echo "building the harness ..." >&2
dotnet build "$ROOT/tests/bench/converge-harness" -c Release -o "$WORK/harness" -v q --nologo >/dev/null

# --- raw podman, sequential ---------------------------------------------------------------------------------------
start=$(now)
for i in $(seq 0 $((N - 1))); do
  podman network create --label "bench=$TAG" --subnet "10.96.$i.0/24" "$TAG-raw-$i" >/dev/null
  podman run -d --name "$TAG-raw-$i" --label "bench=$TAG" --network "$TAG-raw-$i" --init --cap-drop=all \
    --security-opt no-new-privileges --restart always -e PORT=8080 -e TZ=UTC \
    -p "127.0.0.1:$((21000 + i)):8080/tcp" "$PINNED" >/dev/null
done
raw=$(awk -v s="$start" -v e="$(now)" 'BEGIN { print e - s }')
podman ps -a -q --filter "label=bench=$TAG" | xargs -r podman rm -f -t 0 >/dev/null
podman network ls -q --filter "label=bench=$TAG" | xargs -r podman network rm -f >/dev/null

# --- podman-compose -----------------------------------------------------------------------------------------------
compose=""
if command -v podman-compose >/dev/null; then
  {
    echo "services:"
    for i in $(seq 0 $((N - 1))); do
      cat <<YAML
  s$i:
    image: $PINNED
    init: true
    cap_drop: [ALL]
    security_opt: [no-new-privileges]
    restart: always
    environment: {PORT: "8080", TZ: UTC}
    ports: ["127.0.0.1:$((22000 + i)):8080"]
    labels: {bench: $TAG}
    networks: [n$i]
YAML
    done
    echo "networks:"
    for i in $(seq 0 $((N - 1))); do
      echo "  n$i: {labels: {bench: $TAG}}"
    done
  } >"$WORK/compose.yaml"
  start=$(now)
  (cd "$WORK" && podman-compose -p "$TAG" -f compose.yaml up -d >"$WORK/compose.log" 2>&1)
  compose=$(awk -v s="$start" -v e="$(now)" 'BEGIN { print e - s }')
  (cd "$WORK" && podman-compose -p "$TAG" -f compose.yaml down >>"$WORK/compose.log" 2>&1) || true
fi

# --- homelab controller ---------------------------------------------------------------------------------------------
"$WORK/harness/ConvergeHarness" "$N" "$IMAGE" 23000 "$TAG" >"$WORK/harness.out"
homelab=$(awk '$1 == "cold" { print $2 }' "$WORK/harness.out")
noop=$(awk '$1 == "noop" { print $2 }' "$WORK/harness.out")
change=$(awk '$1 == "change" { print $2 }' "$WORK/harness.out")

printf 'cold converge of %s services (seconds)\n' "$N"
printf '  raw podman (sequential)   %8.2f\n' "$raw"
[[ -n "$compose" ]] && printf '  podman-compose up -d      %8.2f\n' "$compose"
printf '  homelab controller        %8.2f   = %sx raw' "$homelab" "$(ratio "$homelab" "$raw")"
[[ -n "$compose" ]] && printf ', %sx compose' "$(ratio "$homelab" "$compose")"
printf '\n'
printf 'homelab no-op re-apply     %8.2f   = %sx raw cold\n' "$noop" "$(ratio "$noop" "$raw")"
printf 'homelab one-service change %8.2f\n' "$change"
