#!/usr/bin/env bash
# hlctl and kubectl side by side against the same homelabd (Native AOT, as shipped, no controllers), in one run:
#   hlctl   get svc -A   over the Unix socket
#   kubectl get svc -A   kubectl 1.32 over the --listen TLS endpoint with the kubeconfig `hlctl kubeconfig` prints
#   and each client's start alone (version --client, no request), to tell the client's cost from the server's
# with 100 Services in the store. Prints each mean and kubectl's ratio to hlctl. kubectl keeps its discovery cache in
# the run's directory, warmed by the warm-up runs, as it is on a workstation.
# Uses hyperfine when installed, else a timed bash loop.
# Usage: tests/bench/kubectl-bench.sh [RUNS=20]; BIN=DIR reuses executables already published with dist/publish.sh.
set -euo pipefail

RUNS="${1:-20}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/hltest-kubectlbench-XXXXXX)"
KUBECTL="${KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.32}"
# shellcheck source=daemon.sh
source "$ROOT/tests/bench/daemon.sh"

cleanup() {
  daemon_stop
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

[[ -x "$KUBECTL" ]] || { echo "kubectl not found at $KUBECTL (set KUBECTL=...)" >&2; exit 1; }
BIN="${BIN:-}"
if [[ -z "$BIN" ]]; then
  echo "publishing hlctl and homelabd (Native AOT, as shipped) into $WORK ..." >&2
  bash "$ROOT/src/Homelab.Server/dist/publish.sh" "$WORK/bin" >/dev/null
  BIN="$WORK/bin"
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
daemon_start "$BIN/homelabd" "kubectlbench-$$" none --listen "127.0.0.1:$PORT"

HL="$BIN/hlctl --socket $SOCK"
$HL kubeconfig >"$WORK/kubeconfig"
export KUBECONFIG="$WORK/kubeconfig" KUBECACHEDIR="$WORK/kube-cache"

{ printf 'apiVersion: homelab.dev/v1alpha1\nkind: Namespace\nmetadata: {name: bench}\n---\n'
  for i in $(seq 1 100); do
    printf 'apiVersion: homelab.dev/v1alpha1\nkind: Service\nmetadata:\n  name: svc-%d\n  namespace: bench\n  labels: {app: svc-%d}\nspec:\n  image: docker.io/library/nginx:1.27\n  ports:\n    - {containerPort: 80, hostPort: %d}\n---\n' "$i" "$i" $((20000 + i))
  done; } >"$WORK/svc-100.yaml"
$HL apply -f "$WORK/svc-100.yaml" >/dev/null

CMD_HL="$HL get svc -A"
CMD_K="$KUBECTL get svc -A"
CMD_HL_START="$BIN/hlctl version --client"
CMD_K_START="$KUBECTL version --client"
# Both must print the same 100 rows (AGE aside) before their times mean anything.
strip_age() { awk 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "AGE") a = i } { $a = ""; print }'; }
diff <($CMD_HL | strip_age) <($CMD_K | strip_age) >&2 || { echo "hlctl and kubectl print different tables" >&2; exit 1; }
[[ "$($CMD_K --no-headers | wc -l)" == 100 ]] || { echo "expected 100 Services" >&2; exit 1; }

declare -A MEAN
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$WORK/h.json" -n hlctl "$CMD_HL" -n kubectl "$CMD_K" \
    -n hlctl-start "$CMD_HL_START" -n kubectl-start "$CMD_K_START" >&2
  while read -r name mean; do MEAN[$name]="$mean"; done < <(jq -r '.results[] | "\(.command) \(.mean)"' "$WORK/h.json")
else
  for pair in "hlctl|$CMD_HL" "kubectl|$CMD_K" "hlctl-start|$CMD_HL_START" "kubectl-start|$CMD_K_START"; do
    name="${pair%%|*}"; cmd="${pair#*|}"
    for _ in 1 2 3; do $cmd >/dev/null; done
    start=$(date +%s.%N)
    for _ in $(seq 1 "$RUNS"); do $cmd >/dev/null; done
    MEAN[$name]=$(echo "($(date +%s.%N) - $start) / $RUNS" | bc -l)
  done
fi

printf '\n%-28s %10s %9s\n' "get svc -A, 100 Services" "mean(ms)" "x hlctl"
for name in hlctl kubectl hlctl-start kubectl-start; do
  printf '%-28s %10.1f %9.2f\n' "$name" "$(echo "${MEAN[$name]} * 1000" | bc -l)" "$(echo "${MEAN[$name]} / ${MEAN[hlctl]}" | bc -l)"
done
echo "kubectl: $("$KUBECTL" version --client | head -1)"
