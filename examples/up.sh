#!/usr/bin/env bash
# The main job (README): prepares the host, builds homelabd (Native AOT) and hlctl, starts the daemon with its embedded store,
# and applies the example homelab, waiting until every Service is Ready.
# Usage: examples/up.sh             (HOMELAB_DATA_DIR, HOMELAB_SOCKET override the defaults)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../src/Homelab.Server/dist/as-root.sh
source "$root/src/Homelab.Server/dist/as-root.sh"
as_root examples/up.sh "$@"
cd "$root"
data_dir=${HOMELAB_DATA_DIR:-/var/lib/homelab}
socket=${HOMELAB_SOCKET:-/run/homelab/homelab.sock}
bin="$root/.homelab/bin"
export HOMELAB_SOCKET="$socket"

bash src/Homelab.Server/dist/setup-host.sh
# No internet here: the examples run busybox stand-ins pushed to the local registry (their YAML names the real upstream).
bash tests/images/build.sh
bash src/Homelab.Server/dist/build-proxy-image.sh

# homelabd and hlctl as shipped: Native AOT executables (installs clang for the AOT compiler when missing; a few minutes).
bash src/Homelab.Server/dist/publish.sh "$bin"
hlctl="$bin/hlctl"

# The home-automation example passes a Zigbee stick through. A machine without one gets an inert stand-in node so the
# example still starts; a real /dev/ttyACM0 is left alone.
if [ ! -e /dev/ttyACM0 ]; then
  mknod -m 0660 /dev/ttyACM0 c 166 0
  echo "examples/up.sh: created a stand-in /dev/ttyACM0 (no Zigbee stick on this machine)"
fi

if "$hlctl" version >/dev/null 2>&1 && "$hlctl" get ns >/dev/null 2>&1; then
  echo "homelabd already answers on $socket"
else
  mkdir -p "$data_dir"
  # The daemon refuses to start on a host that lacks something; the table says what and how to fix it.
  "$bin/homelabd" check --data-dir "$data_dir" --socket "$socket"
  # A small gen0 budget keeps the idle daemon's memory down; .NET reads this knob from the environment only.
  DOTNET_GCgen0size=0x200000 setsid nohup "$bin/homelabd" --data-dir "$data_dir" --socket "$socket" >>"$data_dir/homelabd.log" 2>&1 < /dev/null &
  echo $! > "$data_dir/homelabd.pid"
  for _ in $(seq 1 100); do
    [ -S "$socket" ] && "$hlctl" get ns >/dev/null 2>&1 && break
    sleep 0.2
  done
  "$hlctl" get ns >/dev/null || { echo "homelabd did not start; see $data_dir/homelabd.log" >&2; exit 1; }
  echo "homelabd started (pid $(cat "$data_dir/homelabd.pid"), log $data_dir/homelabd.log)"
fi

# The database password is a Secret made on this host and kept out of version control (0600, under .homelab/).
secret_file="$root/.homelab/secrets/postgres-password.yaml"
if [ ! -f "$secret_file" ]; then
  mkdir -p -m 0700 "$(dirname "$secret_file")"
  (umask 077 && "$hlctl" create secret generic postgres-password -n data \
    --from-literal "password=$(head -c 18 /dev/urandom | base64)" --dry-run client -o yaml >"$secret_file")
  echo "examples/up.sh: made a database password in $secret_file"
fi

"$hlctl" apply -R -f examples/ -f "$secret_file" --prune --applyset examples --wait --timeout 300s
"$hlctl" get svc -A -o wide
"$hlctl" get netpol -A
"$hlctl" get updatepolicies -A
"$hlctl" get secrets -A
"$hlctl" get routes -A
# The Routes' certificates come from the home CA homelabd keeps: its root is what devices must trust.
ca_file="$root/.homelab/home-ca.pem"
"$hlctl" get issuer home-ca -o 'jsonpath={.status.ca}' >"$ca_file"
echo
echo "Served through the proxy on this host's ports 80/443 (point the names at this host, e.g. in your router's DNS or /etc/hosts):"
"$hlctl" get routes -A -o 'jsonpath={.items[*].status.url}' | tr ' ' '\n' | sed 's/^/  /'
echo
echo "To trust them, install the root CA $ca_file on each device (Debian: cp it to /usr/local/share/ca-certificates/home-ca.crt"
echo "and run update-ca-certificates; browsers: import it as an authority). Try: curl --cacert $ca_file https://jellyfin.home.arpa/"
echo
echo "The example homelab is up. Try: $hlctl describe svc jellyfin -n media    (stop: kill \$(cat $data_dir/homelabd.pid))"
