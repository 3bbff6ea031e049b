# Sourced by the bench scripts: the one way they start and stop a homelabd of their own, as examples/up.sh and the
# systemd unit start it. Needs ROOT (the repository) and WORK (the run's temp dir); sets SOCK (the daemon's API socket)
# and DAEMON_PID.
#   daemon_start BIN INSTANCE CONTROLLERS [OPTION...]   data in $WORK/data, log appended to $WORK/homelabd.log; returns
#                                                       once it answers on SOCK; exits with its log if it dies or 30 s pass
#   daemon_stop                                         TERM, up to 5 s, then KILL; nothing when none runs
# shellcheck source=../../src/Homelab.Server/dist/packages.sh
source "$ROOT/src/Homelab.Server/dist/packages.sh"
ensure_packages bench-daemon curl >&2

SOCK="$WORK/homelab.sock"
DAEMON_PID=""

daemon_start() {
  local bin="$1" instance="$2" controllers="$3"
  shift 3
  mkdir -p "$WORK/data"
  DOTNET_GCgen0size=0x200000 "$bin" --instance "$instance" --data-dir "$WORK/data" --socket "$SOCK" --controllers "$controllers" "$@" \
    >>"$WORK/homelabd.log" 2>&1 &
  DAEMON_PID=$!
  for _ in $(seq 1 300); do
    [[ -S "$SOCK" ]] && curl -sf --unix-socket "$SOCK" http://homelabd/version >/dev/null && return 0
    kill -0 "$DAEMON_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "homelabd did not start; its log:" >&2
  cat "$WORK/homelabd.log" >&2
  exit 1
}

daemon_stop() {
  [[ -n "$DAEMON_PID" ]] || return 0
  kill -TERM "$DAEMON_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$DAEMON_PID" 2>/dev/null || true
  wait "$DAEMON_PID" 2>/dev/null || true
  DAEMON_PID=""
}
