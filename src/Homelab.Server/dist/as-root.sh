# Sourced by examples/up.sh and tests/run.sh: `as_root NAME "$@"` returns as root, re-running the calling script under
# sudo when it is not. A fresh Debian 12 has no sudo, so run as root the scripts work as they are; a user with sudo
# rights is asked for root once. PATH (where the .NET SDK is) and Homelab's variables are kept, which plain sudo drops.
as_root() {
  local name="$1"
  shift
  [[ "$(id -u)" -eq 0 ]] && return 0
  if ! command -v sudo >/dev/null; then
    echo "$name: homelabd manages podman and nftables as root; run it as root" >&2
    exit 2
  fi
  local kept=("PATH=$PATH") variable
  for variable in DOTNET_ROOT HOMELAB_DATA_DIR HOMELAB_SOCKET HOMELAB_REGISTRY_ADDR CI; do
    [[ -n "${!variable:-}" ]] && kept+=("$variable=${!variable}")
  done
  exec sudo env "${kept[@]}" "$(readlink -f "$0")" "$@"
}
