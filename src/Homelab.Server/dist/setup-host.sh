#!/usr/bin/env bash
# Prepares a Debian 12 host for homelabd: Podman with runc and the netavark network backend (Podman 4.3 on Debian
# falls back to CNI when netavark is not installed and chosen), nftables, catatonit for --init, and a local OCI
# registry on 127.0.0.1:5000 that tests and offline installs push images to. Idempotent: run it as often as you like;
# it changes only what is missing and prints each thing it did.
#
# Usage: sudo setup-host.sh [--no-registry] [--subids] [--switch-network-backend]
#   --no-registry             do not start the local registry
#   --subids                  add a "containers" range to /etc/subuid and /etc/subgid so Services can use userNamespace: auto
#   --switch-network-backend  select netavark even though podman already has containers on its CNI backend (they lose
#                             their CNI networks: recreate them afterwards)
#
# No systemd is assumed: the registry runs in the background with a pid file under /run/homelab-registry.pid.
# Environment overrides: HOMELAB_REGISTRY_ADDR (default 127.0.0.1:5000), HOMELAB_REGISTRY_DIR (default
# /var/lib/homelab-registry), HOMELAB_CONTAINERS_CONF (default /etc/containers/containers.conf).
set -euo pipefail

registry_addr="${HOMELAB_REGISTRY_ADDR:-127.0.0.1:5000}"
registry_dir="${HOMELAB_REGISTRY_DIR:-/var/lib/homelab-registry}"
registry_pid="/run/homelab-registry.pid"
registry_log="/var/log/homelab-registry.log"
start_registry=1
add_subids=0
switch_backend=0

for arg in "$@"; do
  case "$arg" in
    --no-registry) start_registry=0 ;;
    --subids) add_subids=1 ;;
    --switch-network-backend) switch_backend=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "setup-host: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

if [[ "$(id -u)" -ne 0 ]]; then
  echo "setup-host: must run as root (it installs packages and writes /etc/containers)" >&2
  exit 1
fi

did() { echo "setup-host: $*"; }

# Serialise concurrent runs (several test fixtures may call this at once).
exec 9>/run/homelab-setup-host.lock
flock 9

# --- packages -----------------------------------------------------------------------------------------------------
# shellcheck source=packages.sh
source "$(dirname "$0")/packages.sh"
# Every program homelabd, its tests and these scripts run: podman with runc, netavark, aardvark-dns and iptables (the
# network backend, its DNS, and the tool netavark 1.4 sets up NAT and published ports with; without it every container
# start fails with "netavark: No such file or directory"), nft, ip (bridges, test namespaces), catatonit (--init),
# newuidmap (userNamespace: auto), docker-registry and busybox-static (local registry, test images), curl (probing
# the registry), gnupg (podman verifies an ImagePolicy's signatures through gpgme, which runs gpg; the tests sign
# images with it) and e2fsprogs (mkfs.ext4 and e2fsck: a test turns an ext4 data dir read-only under homelabd).
ensure_packages setup-host podman runc netavark aardvark-dns iptables nftables iproute2 catatonit uidmap docker-registry busybox-static curl gnupg e2fsprogs

# --- containers.conf ----------------------------------------------------------------------------------------------
# Sets `key = value` inside [section] of a TOML file, keeping everything else; prints "changed" when it wrote.
toml_set() {
  local file="$1" section="$2" key="$3" value="$4" tmp
  tmp="$(mktemp)"
  awk -v section="[$section]" -v key="$key" -v value="$value" '
    function emit() { print key " = " value; done = 1 }
    {
      line = $0
      trimmed = line; gsub(/^[ \t]+|[ \t]+$/, "", trimmed)
      if (trimmed ~ /^\[/) {
        if (insection && !done) emit()
        insection = (trimmed == section)
        if (insection) seen = 1
        print line; next
      }
      if (insection && !done && trimmed ~ ("^" key "[ \t]*=")) { emit(); next }
      print line
    }
    END {
      if (insection && !done) emit()
      if (!seen) { if (NR > 0) print ""; print section; emit() }
    }' "$file" >"$tmp"
  if ! cmp -s "$file" "$tmp"; then
    cat "$tmp" >"$file"
    echo changed
  fi
  rm -f "$tmp"
}

conf="${HOMELAB_CONTAINERS_CONF:-/etc/containers/containers.conf}"
# A test points HOMELAB_CONTAINERS_CONF at a scratch file; podman must then read that file too.
if [[ -n "${HOMELAB_CONTAINERS_CONF:-}" ]]; then
  export CONTAINERS_CONF="$conf"
fi
mkdir -p /etc/containers/registries.conf.d
[[ -f "$conf" ]] || { : >"$conf"; did "created $conf"; }

# The network backend. Podman 4.3 keeps CNI on a host where it first ran without netavark; homelabd needs netavark (named
# bridges, its firewall model). Containers made under CNI would lose their networks, so they are not cut off silently.
backend="$(podman info --format '{{.Host.NetworkBackend}}' 2>/dev/null || true)"
if [[ "$backend" != netavark ]]; then
  existing="$(podman ps --all --quiet 2>/dev/null | wc -l)"
  if [[ "$backend" == cni && "$existing" -gt 0 && "$switch_backend" -eq 0 ]]; then
    echo "setup-host: podman uses the CNI network backend and has $existing container(s); homelabd needs netavark, and" >&2
    echo "  switching cuts those containers off from their CNI networks. Recreate them after switching, or run:" >&2
    echo "  setup-host.sh --switch-network-backend" >&2
    exit 1
  fi
fi
[[ "$(toml_set "$conf" engine runtime '"runc"')" == changed ]] && did "set [engine] runtime = \"runc\" in $conf"
[[ "$(toml_set "$conf" containers default_ulimits '[]')" == changed ]] && did "set [containers] default_ulimits = [] in $conf"
[[ "$(toml_set "$conf" network network_backend '"netavark"')" == changed ]] && did "set [network] network_backend = \"netavark\" in $conf (was ${backend:-unknown})"
backend="$(podman info --format '{{.Host.NetworkBackend}}')"
if [[ "$backend" != netavark ]]; then
  echo "setup-host: podman still reports the $backend network backend after selecting netavark in $conf" >&2
  exit 1
fi

# --- local registry as insecure -----------------------------------------------------------------------------------
regconf=/etc/containers/registries.conf.d/homelab-local.conf
want_regconf="# Written by homelab setup-host.sh: the local registry speaks plain HTTP on loopback.
[[registry]]
location = \"$registry_addr\"
insecure = true"
if [[ ! -f "$regconf" ]] || [[ "$(cat "$regconf")" != "$want_regconf" ]]; then
  printf '%s\n' "$want_regconf" >"$regconf"
  did "wrote $regconf ($registry_addr insecure)"
fi

# --- subordinate ids for --userns=auto ----------------------------------------------------------------------------
if ((add_subids)); then
  for f in /etc/subuid /etc/subgid; do
    touch "$f"
    if ! grep -q '^containers:' "$f"; then
      # A range far above login users' ranges (useradd starts at 100000), 2^16 ids per container, up to 1024 containers.
      echo "containers:2147483647:67108864" >>"$f"
      did "added containers range to $f"
    fi
  done
fi

# --- local registry -----------------------------------------------------------------------------------------------
registry_answers() { curl -fsS -m 2 -o /dev/null "http://$registry_addr/v2/" 2>/dev/null; }

if ((start_registry)); then
  if registry_answers; then
    did "registry answers on $registry_addr"
  else
    mkdir -p "$registry_dir/storage"
    cfg="$registry_dir/config.yml"
    cat >"$cfg" <<EOF
version: 0.1
log:
  level: warn
  fields:
    service: homelab-registry
storage:
  filesystem:
    rootdirectory: $registry_dir/storage
  delete:
    enabled: true
http:
  addr: $registry_addr
EOF
    if [[ -f "$registry_pid" ]] && kill -0 "$(cat "$registry_pid")" 2>/dev/null; then
      did "registry pid $(cat "$registry_pid") exists but does not answer; restarting it"
      kill "$(cat "$registry_pid")" || true
      sleep 1
    fi
    # fd 9 (the lock) must not leak into the daemon, or the next run would wait for the registry to exit.
    setsid nohup docker-registry serve "$cfg" >>"$registry_log" 2>&1 </dev/null 9>&- &
    echo $! >"$registry_pid"
    for _ in $(seq 1 50); do
      registry_answers && break
      sleep 0.2
    done
    if registry_answers; then
      did "started docker-registry on $registry_addr (pid $(cat "$registry_pid"), storage $registry_dir/storage, log $registry_log)"
    else
      echo "setup-host: docker-registry did not answer on $registry_addr, see $registry_log" >&2
      exit 1
    fi
  fi
fi

# --- IPv6 router advertisements on the uplink ---------------------------------------------------------------------
# Dual-stack Service networks make netavark turn net.ipv6.conf.all.forwarding on, and a forwarding host ignores router
# advertisements on every interface whose accept_ra is 1: a host that learns its IPv6 address and default route by
# SLAAC would lose them when the RA's lifetimes run out. accept_ra=2 keeps taking RAs while forwarding. Only interfaces
# that take RAs now (accept_ra=1) and are uplinks (a NIC, or carrying the IPv6 default route) are changed, now and in
# /etc/sysctl.d so a reboot keeps it; a static IPv6 setup (accept_ra=0) is left alone.
ra_conf=/etc/sysctl.d/60-homelab-ipv6-ra.conf
uplinks="$( { ls -d /sys/class/net/*/device 2>/dev/null | cut -d/ -f5; ip -6 route show default 2>/dev/null | sed -n 's/.* dev \([^ ]*\).*/\1/p'; } | sort -u)"
for dev in $uplinks; do
  ra="/proc/sys/net/ipv6/conf/$dev/accept_ra"
  [[ -f "$ra" && "$(cat "$ra")" == 1 ]] || continue
  echo 2 >"$ra"
  touch "$ra_conf"
  grep -qx "net.ipv6.conf.$dev.accept_ra = 2" "$ra_conf" || echo "net.ipv6.conf.$dev.accept_ra = 2" >>"$ra_conf"
  did "set net.ipv6.conf.$dev.accept_ra = 2 (keeps SLAAC and the IPv6 default route once IPv6 forwarding is on; $ra_conf)"
done

# --- report -------------------------------------------------------------------------------------------------------
if grep -q '^containers:' /etc/subuid 2>/dev/null; then
  did "user namespaces: --userns=auto available (containers range in /etc/subuid)"
else
  did "user namespaces: no containers range in /etc/subuid; Services with userNamespace: auto fall back to the host namespace (run with --subids to enable)"
fi
did "done"
