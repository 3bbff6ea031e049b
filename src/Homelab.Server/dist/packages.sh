# Sourced by setup-host.sh and publish.sh: ensure_packages NAME PKG... installs the Debian packages that are missing
# (apt-get update only when the first try fails), printing "NAME: installed ..." or "NAME: packages present (...)".
ensure_packages() {
  local name="$1" log="/tmp/homelab-$1-apt.log" p
  shift
  local missing=()
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if ((${#missing[@]} == 0)); then
    echo "$name: packages present ($*)"
    return 0
  fi
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "$name: needs ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root" >&2
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
    apt-get update >>"$log" 2>&1
    apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1 \
      || { echo "$name: apt-get install ${missing[*]} failed, see $log" >&2; return 1; }
  fi
  echo "$name: installed ${missing[*]}"
}
