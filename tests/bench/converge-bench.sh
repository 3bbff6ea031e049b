#!/usr/bin/env bash
# Service converge, end to end through the real homelabd and hlctl, against baselines measured in the same run:
#   raw       sequential `podman network create` + `podman run` of N equivalent containers
#   compose   `podman-compose up -d` on an equivalent compose file (one network per service), if installed
#   homelab   `hlctl apply -f N services --wait` against a fresh homelabd (its own --instance, data dir and socket)
# then a no-op re-apply (must touch no container), a one-Service change (median of 5) against the same change by hand
# (`podman rm -f` + `podman run`, median of 5), and the daemon's RSS with M Services idle against the same daemon idle
# with an empty store and against the JIT build of the same code adopting the same M Services. homelabd and hlctl are
# the ones shipped: the Native AOT builds of dist/publish.sh.
# Targets: cold <= 1.2x raw; no-op touches nothing and returns in under a second; one change <= 1.5x the same change by
# hand plus the minReadySeconds window, Ready truthful (issue 24; issue 12 had no window, as Ready was written before the
# start probe; issue 3 had 1.5x one raw podman run, which even the unsafe change by hand cannot meet); RSS with 50
# Services idle < 80 MB.
# Needs root; runs setup-host.sh and tests/images/build.sh itself. Usage: tests/bench/converge-bench.sh [N] [M]
# Everything it creates carries its own labels, instance and namespace and is removed at exit; a homelabd already
# running on the host is left alone.
set -euo pipefail

N="${1:-20}"
M="${2:-50}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TAG="hlbench$$"
NS="$TAG"
IMAGE="127.0.0.1:5000/homelab/caddy:2.8"
WORK="$(mktemp -d /tmp/hltest-convergebench-XXXXXX)"
# shellcheck source=daemon.sh
source "$ROOT/tests/bench/daemon.sh"

cleanup() {
  daemon_stop
  for label in "homelab.dev/managed-by=$TAG" "bench=$TAG"; do
    podman ps -a -q --filter "label=$label" | xargs -r podman rm -f -t 0 >/dev/null 2>&1 || true
    podman network ls -q --filter "label=$label" | xargs -r podman network rm -f >/dev/null 2>&1 || true
  done
  podman volume ls -q --filter "label=homelab.dev/managed-by=$TAG" | xargs -r podman volume rm -f >/dev/null 2>&1 || true
  nft delete table inet "$TAG" 2>/dev/null || true
  nft delete table arp "$TAG" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.2f", e - s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
CHANGES=5
hl() { "$WORK/bin/hlctl" --socket "$SOCK" "$@"; }

# rss_mb SECONDS: the daemon's RSS sampled once a second (an idle daemon still wakes for resyncs, so one reading is
# luck); prints "median min max" in MB.
rss_mb() {
  for _ in $(seq 1 "$1"); do
    awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$DAEMON_PID/status"
    sleep 1
  done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], v[1], v[NR] }'
}

# services_yaml COUNT FIRST_PORT [CHANGED]: a Namespace and COUNT Services like the raw ones below; Service number
# CHANGED, if given, has another TZ.
services_yaml() {
  printf 'apiVersion: homelab.dev/v1alpha1\nkind: Namespace\nmetadata: {name: %s}\n' "$NS"
  for i in $(seq 0 $(($1 - 1))); do
    cat <<YAML
---
apiVersion: homelab.dev/v1alpha1
kind: Service
metadata: {name: s$i, namespace: $NS}
spec:
  image: $IMAGE
  env: [{name: PORT, value: "8080"}, {name: TZ, value: $([[ "$i" == "${3:-}" ]] && echo Europe/Berlin || echo UTC)}]
  ports: [{containerPort: 8080, hostPort: $(($2 + i)), hostIP: 127.0.0.1}]
  restartPolicy: Always
YAML
  done
}

containers() { podman ps -a --filter "label=homelab.dev/managed-by=$TAG" --format '{{.ID}} {{.Names}} {{.StartedAt}}' | sort; }

bash "$ROOT/src/Homelab.Server/dist/setup-host.sh" >/dev/null
bash "$ROOT/tests/images/build.sh" homelab/caddy:2.8 >/dev/null
echo "building homelabd and hlctl (Native AOT, as shipped) and, with M > 0, the JIT homelabd for the memory baseline ..." >&2
bash "$ROOT/src/Homelab.Server/dist/publish.sh" "$WORK/bin" >/dev/null
((M > 0)) && dotnet build "$ROOT/src/Homelab.Server" -c Release -o "$WORK/jit" -v q --nologo >/dev/null
podman pull -q "$IMAGE" >/dev/null
PINNED="127.0.0.1:5000/homelab/caddy@$(podman image inspect --format '{{.Digest}}' "$IMAGE")"

raw_container() { # raw_container NAME PORT TZ: the container the Service controller runs for one Service, by hand
  podman run -d --name "$1" --label "bench=$TAG" --network "$1" --init --cap-drop=all \
    --security-opt no-new-privileges --restart always -e PORT=8080 -e TZ="$3" \
    -p "127.0.0.1:$2:8080/tcp" "$PINNED" >/dev/null
}
raw_run() { # raw_run NAME PORT: what the Service controller does for one new Service, by hand
  podman network create --label "bench=$TAG" "$1" >/dev/null
  raw_container "$1" "$2" UTC
}
raw_clean() {
  podman ps -a -q --filter "label=bench=$TAG" | xargs -r podman rm -f -t 0 >/dev/null
  podman network ls -q --filter "label=bench=$TAG" | xargs -r podman network rm -f >/dev/null
}

# --- baselines -------------------------------------------------------------------------------------------------------
start=$(now)
for i in $(seq 0 $((N - 1))); do raw_run "$TAG-raw-$i" $((21000 + i)); done
raw=$(since "$start")
raw_clean
start=$(now)
raw_run "$TAG-one" 21999
raw_one=$(since "$start")
# The same one-Service change by hand: podman cannot change a container's environment, so it is removed and run again
# (no new container before the old one stops, no check that it stayed up, no way back).
raw_replace=$(for i in $(seq 1 "$CHANGES"); do
  sleep 1
  start=$(now)
  podman rm -f -t 10 "$TAG-one" >/dev/null
  raw_container "$TAG-one" 21999 "$( ((i % 2)) && echo Europe/Berlin || echo UTC)"
  since "$start"; echo
done | median)
raw_clean

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
    for i in $(seq 0 $((N - 1))); do echo "  n$i: {labels: {bench: $TAG}}"; done
  } >"$WORK/compose.yaml"
  start=$(now)
  (cd "$WORK" && podman-compose -p "$TAG" -f compose.yaml up -d >"$WORK/compose.log" 2>&1)
  compose=$(since "$start")
  (cd "$WORK" && podman-compose -p "$TAG" -f compose.yaml down >>"$WORK/compose.log" 2>&1) || true
  raw_clean
fi

# --- homelab: cold, no-op, one change -----------------------------------------------------------------------------
daemon_start "$WORK/bin/homelabd" "$TAG" service
services_yaml "$N" 23000 >"$WORK/services.yaml"
start=$(now)
hl apply -f "$WORK/services.yaml" --wait --timeout 600s >/dev/null
cold=$(since "$start")
before="$(containers)"

start=$(now)
noop_out="$(hl apply -f "$WORK/services.yaml")"
noop=$(since "$start")
sleep 3 # let the controller see the (absent) change; a touched container would show a new ID or start time
noop_touched=$(diff <(echo "$before") <(containers) | grep -c '^>' || true)
noop_unchanged=$(grep -c ' unchanged$' <<<"$noop_out" || true)

# The change flips Service s0's TZ back and forth; the pause lets the previous replacement's start probe finish, as
# a user's next edit would.
services_yaml "$N" 23000 0 >"$WORK/changed.yaml"
changes=()
for i in $(seq 1 "$CHANGES"); do
  sleep 3
  before="$(containers)"
  start=$(now)
  hl apply -f "$WORK/$( ((i % 2)) && echo changed || echo services).yaml" --wait --timeout 300s >/dev/null
  changes+=("$(since "$start")")
  sleep 2
  change_touched=$(diff <(echo "$before") <(containers) | grep -c '^>' || true)
done
change=$(printf '%s\n' "${changes[@]}" | median)
daemon_stop

# --- RSS: the same daemon idle with an empty store, then with M Services (M=0 skips this) ----------------------------
rss_empty=0
rss_many=0
if ((M > 0)); then
rm -rf "$WORK/data"
podman ps -a -q --filter "label=homelab.dev/managed-by=$TAG" | xargs -r podman rm -f -t 0 >/dev/null
podman network ls -q --filter "label=homelab.dev/managed-by=$TAG" | xargs -r podman network rm -f >/dev/null
daemon_start "$WORK/bin/homelabd" "$TAG" all
read -r rss_empty rss_empty_min rss_empty_max < <(rss_mb 40) # through one resync
services_yaml "$M" 24000 >"$WORK/many.yaml"
hl apply -f "$WORK/many.yaml" --wait --timeout 900s >/dev/null
sleep 10 # the converge's last status writes
read -r rss_many rss_many_min rss_many_max < <(rss_mb 40) # idle through one resync of every Service
daemon_stop
# Baseline: the JIT build of the same code adopts the same M Services (no container is recreated).
daemon_start "$WORK/jit/homelabd" "$TAG" all
hl apply -f "$WORK/many.yaml" --wait --timeout 900s >/dev/null
sleep 10
read -r rss_jit rss_jit_min rss_jit_max < <(rss_mb 40)
daemon_stop
fi

printf 'converge of %s Services, %s (load average %s)\n' "$N" "$(date -u +%FT%TZ)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '  raw podman, sequential     %7.2f s\n' "$raw"
[[ -n "$compose" ]] && printf '  podman-compose up -d       %7.2f s\n' "$compose"
printf '  homelab cold (apply --wait) %6.2f s = %sx raw' "$cold" "$(ratio "$cold" "$raw")"
[[ -n "$compose" ]] && printf ', %sx compose' "$(ratio "$cold" "$compose")"
printf '   (target <= 1.2x raw)\n'
printf '  homelab no-op re-apply      %6.2f s, %s of %s objects unchanged, %s containers touched   (target < 1 s, 0 touched)\n' \
  "$noop" "$noop_unchanged" "$((N + 1))" "$noop_touched"
printf '  one raw podman run          %6.2f s\n' "$raw_one"
printf '  the same change by hand     %6.2f s   (podman rm -f, podman run; median of %s)\n' "$raw_replace" "$CHANGES"
# Ready is truthful: the new container must have run for minReadySeconds (the default, 1 s) before --wait returns, a
# wait the change by hand does not have. The target is 1.5x by hand plus that window (issue 24).
MIN_READY=1
change_target=$(awk -v h="$raw_replace" -v m="$MIN_READY" 'BEGIN { printf "%.2f", 1.5 * h + m }')
printf '  homelab one-Service change  %6.2f s = %sx by hand; target <= 1.5x by hand + minReadySeconds %s s = %s s; without the window %sx by hand; %sx one raw run; median of %s (%s); %s container replaced by the last\n' \
  "$change" "$(ratio "$change" "$raw_replace")" "$MIN_READY" "$change_target" \
  "$(ratio "$(awk -v c="$change" -v m="$MIN_READY" 'BEGIN { printf "%.2f", c - m }')" "$raw_replace")" \
  "$(ratio "$change" "$raw_one")" "$CHANGES" "${changes[*]}" "$change_touched"
if ((M > 0)); then
  printf '  homelabd RSS idle, median of 40 s: empty store %s MB (%s-%s), %s Services %s MB (%s-%s) = %sx empty   (target < 80 MB)\n' \
    "$rss_empty" "$rss_empty_min" "$rss_empty_max" "$M" "$rss_many" "$rss_many_min" "$rss_many_max" "$(ratio "$rss_many" "$rss_empty")"
  printf '  the JIT build, same %s Services: %s MB (%s-%s); the shipped AOT build uses %sx of it\n' \
    "$M" "$rss_jit" "$rss_jit_min" "$rss_jit_max" "$(ratio "$rss_many" "$rss_jit")"
fi
