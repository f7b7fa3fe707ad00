#!/usr/bin/env bash
# Run the Home Assistant suite on the newest releases, which need Python >= 3.14.2:
#   harness    the whole tests/homeassistant suite on the newest release that
#              pytest-homeassistant-custom-component supports;
#   real-hass  the real-process end-to-end test on the newest Home Assistant release,
#              with no test harness installed at all.
# Python 3.14 is a `python3.14` on PATH when there is one. Otherwise (as root) a Debian sid
# root with python3.14 is built once with debootstrap, kept in SID_ROOT for later runs on
# the same machine, and the suites run inside it with this checkout bind-mounted.
# Idempotent: venvs are reinstalled only when pyproject.toml or a version below changes.
# Usage: scripts/newest-ha.sh [all|harness|real-hass] [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

# The releases under test: move them together when a new harness or release appears.
HARNESS_VERSION=0.13.375       # pytest-homeassistant-custom-component ...
HARNESS_HA_VERSION=2026.10.4   # ... and the homeassistant it pins
NEWEST_HA_VERSION=2026.11.0    # the newest Home Assistant release
PYTHON_MINIMUM=3.14.2          # what those releases require

SID_ROOT=${NOTIFY_PLUGINS_SID_ROOT:-/var/cache/notify-plugins/sid-root}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
ROOT_PACKAGES=(python3.14 python3.14-venv python3.14-dev gcc ca-certificates)
ROOT_CHECKOUT=/checkout        # where this checkout appears inside the root
ROOT_VENVS=/opt/notify-plugins # venvs inside the root
ROOT_CA=/usr/local/share/notify-plugins/host-ca.crt
# ca-certificates in the root rewrites the standard bundle; the host's copy lives apart, so
# a registry reached through the host's own certificate authority stays reachable.

suite="${1:-all}"
shift || true
case "$suite" in all | harness | real-hass) ;; *)
    echo "usage: $0 [all|harness|real-hass] [pytest arguments]" >&2
    exit 2
    ;;
esac

log() { echo "newest-ha: $*" >&2; }
elapsed() { echo "$(($(date +%s) - $1)) s"; }

python_ok() { # python_ok PYTHON: is it at least PYTHON_MINIMUM?
    "$@" -c "import sys; sys.exit(sys.version_info < tuple(map(int, '$PYTHON_MINIMUM'.split('.'))))" 2>/dev/null
}

# -- where commands run: the host, or the sid root ---------------------------------------

MOUNTS=()
unmount_all() {
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        umount "${MOUNTS[i]}" 2>/dev/null || umount -l "${MOUNTS[i]}" || true
    done
    MOUNTS=()
}
trap unmount_all EXIT
trap 'exit 130' INT TERM

bind() { # bind SOURCE TARGET [mount options]: mount once, unmounted on exit
    local source=$1 target=$2
    shift 2
    mkdir -p "$target"
    mountpoint -q "$target" && return 0
    mount "$@" "$source" "$target"
    MOUNTS+=("$target")
}

mounts_under() { awk -v root="$1/" 'index($2 "/", root) == 1 { print $2 }' /proc/self/mounts | sort -r; }

remove_root() { # never rm -rf through a bind mount of /dev or of a checkout
    local root=$1 target
    [ -e "$root" ] || return 0
    for target in $(mounts_under "$root"); do umount "$target" || umount -l "$target"; done
    if [ -n "$(mounts_under "$root")" ]; then
        log "refusing to remove $root: something is still mounted under it"
        exit 1
    fi
    rm -rf --one-file-system "$root"
}

in_root() { # in_root COMMAND...: run inside the sid root with a clean environment
    chroot "$SID_ROOT" env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        DEBIAN_FRONTEND=noninteractive PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 \
        SSL_CERT_FILE=$ROOT_CA REQUESTS_CA_BUNDLE=$ROOT_CA PIP_CERT=$ROOT_CA \
        ${http_proxy:+http_proxy=$http_proxy} ${https_proxy:+https_proxy=$https_proxy} \
        ${no_proxy:+no_proxy=$no_proxy} "$@"
}

on_host() { env PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 "$@"; }

prepare_root_files() { # the host's certificates and name servers, refreshed every run
    local root=$1
    mkdir -p "$root$(dirname "$ROOT_CA")"
    if [ -s /etc/ssl/certs/ca-certificates.crt ]; then
        cp /etc/ssl/certs/ca-certificates.crt "$root$ROOT_CA"
    fi
    cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
}

root_ok() { [ -f "$SID_ROOT/.notify-plugins-root" ] && chroot "$SID_ROOT" /usr/bin/python3.14 -c 'import venv, ensurepip' 2>/dev/null; }

build_root() {
    local started building=$SID_ROOT.building
    started=$(date +%s)
    if ! command -v debootstrap >/dev/null; then
        log "installing debootstrap"
        apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=900 debootstrap >/dev/null
    fi
    remove_root "$SID_ROOT"
    remove_root "$building"
    mkdir -p "$building"
    log "debootstrap of Debian sid into $building (once per machine)"
    debootstrap --variant=minbase sid "$building" "$DEBIAN_MIRROR" >"$building.log" 2>&1 ||
        {
            tail -n 30 "$building.log" >&2
            exit 1
        }
    prepare_root_files "$building"
    bind proc "$building/proc" -t proc
    # sid's Release file is served past its Valid-Until date
    SID_ROOT=$building in_root apt-get -qq -o Acquire::Check-Valid-Until=false update
    SID_ROOT=$building in_root apt-get install -y -qq --no-install-recommends "${ROOT_PACKAGES[@]}" >/dev/null
    SID_ROOT=$building in_root apt-get clean
    unmount_all
    python_ok chroot "$building" /usr/bin/python3.14 || {
        log "sid's python3.14 is older than $PYTHON_MINIMUM"
        exit 1
    }
    touch "$building/.notify-plugins-root"
    mv "$building" "$SID_ROOT"
    rm -f "$building.log"
    log "sid root built in $(elapsed "$started")"
}

# -- the two venvs -----------------------------------------------------------------------

# install_venv RUN PYTHON VENV CHECKOUT HA_VERSION [more requirements]
# RUN is on_host or in_root; paths are as RUN sees them.
install_venv() {
    local run=$1 python=$2 venv=$3 checkout=$4 ha=$5 started stamp constraints
    shift 5
    stamp="$venv/.installed-$(printf '%s\n' "$ha" "$*" | cat - "$REPO/pyproject.toml" | sha256sum | cut -c1-12)"
    if $run test -f "$stamp"; then return 0; fi
    started=$(date +%s)
    log "installing Home Assistant $ha $* into $venv"
    $run test -x "$venv/bin/python" || $run "$python" -m venv "$venv"
    $run "$venv/bin/python" -m pip install --quiet uv
    local uv=("$venv/bin/python" -m uv pip install --quiet --python "$venv/bin/python")
    # Home Assistant's own pins, as its installer applies them, from the wheel itself
    $run "${uv[@]}" --no-deps "homeassistant==$ha"
    constraints=$($run "$venv/bin/python" -c \
        'import importlib.util, pathlib; print(pathlib.Path(importlib.util.find_spec("homeassistant").origin).with_name("package_constraints.txt"))')
    $run "${uv[@]}" -c "$constraints" -e "$checkout[test]" "homeassistant==$ha" home-assistant-frontend "$@"
    $run find "$venv" -maxdepth 1 -name '.installed-*' -delete
    $run touch "$stamp"
    log "installed in $(elapsed "$started")"
}

# -- main --------------------------------------------------------------------------------

if python=$(command -v python3.14) && python_ok "$python"; then
    run=on_host
    checkout=$REPO
    venvs=$REPO/.venv-newest-ha
    log "using $python on PATH"
else
    if [ "$(id -u)" != 0 ]; then
        log "needs python3.14 (>= $PYTHON_MINIMUM) on PATH, or root to build a Debian sid root with debootstrap"
        exit 1
    fi
    mkdir -p "$(dirname "$SID_ROOT")"
    exec 9>"$SID_ROOT.lock"
    flock 9 # one run at a time per machine: the root and its venvs are shared
    root_ok || build_root
    prepare_root_files "$SID_ROOT"
    bind proc "$SID_ROOT/proc" -t proc
    bind /dev "$SID_ROOT/dev" --bind
    bind "$REPO" "$SID_ROOT$ROOT_CHECKOUT" --bind
    run=in_root
    python=/usr/bin/python3.14
    checkout=$ROOT_CHECKOUT
    venvs=$ROOT_VENVS
fi

status=0
run_suite() { # run_suite NAME VENV PATH [pytest arguments]
    local name=$1 venv=$2 path=$3 started
    shift 3
    started=$(date +%s)
    $run sh -c 'cd "$1" && shift && exec "$@"' - "$checkout" \
        "$venv/bin/python" -m pytest -p no:cacheprovider -q -rfE "$path" "$@" || status=1
    log "$name suite finished in $(elapsed "$started")"
}

if [ "$suite" != real-hass ]; then
    install_venv $run "$python" "$venvs/harness" "$checkout" "$HARNESS_HA_VERSION" \
        "pytest-homeassistant-custom-component==$HARNESS_VERSION"
    log "Home Assistant $HARNESS_HA_VERSION with pytest-homeassistant-custom-component $HARNESS_VERSION"
    run_suite harness "$venvs/harness" tests/homeassistant "$@"
fi
if [ "$suite" != harness ]; then
    install_venv $run "$python" "$venvs/real-hass" "$checkout" "$NEWEST_HA_VERSION"
    log "Home Assistant $NEWEST_HA_VERSION, real process, no test harness"
    run_suite real-hass "$venvs/real-hass" tests/homeassistant/real_hass "$@"
fi
exit $status
