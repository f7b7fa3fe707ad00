#!/usr/bin/env bash
# Run the Home Assistant suite on the newest releases, which need Python >= 3.14.2:
#   harness    the whole tests/homeassistant suite on the newest release that
#              pytest-homeassistant-custom-component supports;
#   real-hass  the real-process end-to-end test on the newest Home Assistant release,
#              with no test harness installed at all;
#   browser    the browser walk (tests/browser) on the newest release and its frontend, in
#              Debian's Chromium (installed into the root; on the host, /usr/bin/chromium or
#              NOTIFY_PLUGINS_CHROMIUM), never a browser Playwright downloads. Not in "all":
#              `make browser` runs it after the walk on 2025.4.4.
# Python 3.14 is a `python3.14` on PATH when there is one. Otherwise (as root) a Debian sid
# root with python3.14 is built once with debootstrap, kept in SID_ROOT for later runs on
# the same machine, and the suites run inside it with this checkout bind-mounted.
# Idempotent: venvs are reinstalled only when pyproject.toml or a version below changes.
# Usage: scripts/newest-ha.sh [all|harness|real-hass|browser] [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

# The releases under test: move them together when a new harness or release appears.
HARNESS_VERSION=0.13.375       # pytest-homeassistant-custom-component ...
HARNESS_HA_VERSION=2026.10.4   # ... and the homeassistant it pins
NEWEST_HA_VERSION=2026.11.0    # the newest Home Assistant release
PYTHON_MINIMUM=3.14.2          # what those releases require

# The browser walk needs Home Assistant's frontend to load, and the frontend asks for every
# action, whose descriptions Home Assistant checks against its base components: camera and
# assist_satellite among them, which import PyTurboJPEG and pymicro-vad. So the requirements
# of the integrations Home Assistant always sets up are installed too, as wheels only. Of
# these, the releases NEWEST_HA_VERSION pins have no wheel for Python 3.14; their newest
# releases, which have one, stand in (only imported, never used by the walk) rather than
# building the pinned ones from source.
BROWSER_UNPINNED=(PyTurboJPEG pymicro-vad pyspeex-noise)
BROWSER_ROOT_PACKAGES=(chromium fonts-dejavu-core) # in the sid root; the host brings its own

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
case "$suite" in all | harness | real-hass | browser) ;; *)
    echo "usage: $0 [all|harness|real-hass|browser] [pytest arguments]" >&2
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

bind() { # bind SOURCE TARGET [mount options]: mounted until exit
    local source=$1 target=$2
    shift 2
    mkdir -p "$target"
    # a run killed outright leaves its mounts, maybe of another checkout: mount afresh
    if mountpoint -q "$target"; then umount "$target" || umount -l "$target"; fi
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
        ${no_proxy:+no_proxy=$no_proxy} \
        ${NOTIFY_PLUGINS_SCREENSHOTS:+NOTIFY_PLUGINS_SCREENSHOTS=$NOTIFY_PLUGINS_SCREENSHOTS} "$@"
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

constraints_of() { # constraints_of RUN VENV: the installed release's package_constraints.txt
    $1 "$2/bin/python" -c \
        'import importlib.util, pathlib; print(pathlib.Path(importlib.util.find_spec("homeassistant").origin).with_name("package_constraints.txt"))'
}

# install_venv RUN PYTHON VENV CHECKOUT HA_VERSION [more requirements]
# RUN is on_host or in_root; paths are as RUN sees them.
install_venv() {
    local run=$1 python=$2 venv=$3 checkout=$4 ha=$5 started stamp constraints
    shift 5
    stamp="$venv/.installed-$(printf '%s\n' "$ha" "$*" | cat - "$REPO/pyproject.toml" | sha256sum | cut -c1-12)"
    if $run test -f "$stamp"; then return 0; fi
    started=$(date +%s)
    log "installing Home Assistant $ha${*:+ with $*} into $venv"
    $run test -x "$venv/bin/python" || $run "$python" -m venv "$venv"
    $run "$venv/bin/python" -m pip install --quiet uv
    local uv=("$venv/bin/python" -m uv pip install --quiet --python "$venv/bin/python")
    # Home Assistant's own pins, as its installer applies them, from the wheel itself
    $run "${uv[@]}" --no-deps "homeassistant==$ha"
    constraints=$(constraints_of $run "$venv")
    $run "${uv[@]}" -c "$constraints" -e "${checkout}[test]" "homeassistant==$ha" home-assistant-frontend "$@"
    $run find "$venv" -maxdepth 1 -name '.installed-*' -delete
    $run touch "$stamp"
    log "installed in $(elapsed "$started")"
}

# The requirements of the integrations Home Assistant sets up whatever the configuration says
# (bootstrap.DEFAULT_INTEGRATIONS) and of those named as arguments, with their dependencies;
# the pins of BROWSER_UNPINNED (in the environment, space-separated) dropped.
DEFAULT_REQUIREMENTS_PY='
import asyncio, os, re, sys, tempfile
from homeassistant import bootstrap, loader
from homeassistant.core import HomeAssistant

async def main() -> None:
    unpinned = {name.lower() for name in os.environ["BROWSER_UNPINNED"].split()}
    with tempfile.TemporaryDirectory() as config_dir:
        hass = HomeAssistant(config_dir)
        loader.async_setup(hass)
        todo, seen, found = [*bootstrap.DEFAULT_INTEGRATIONS, *sys.argv[1:]], set(), set()
        while todo:
            if (domain := todo.pop()) in seen:
                continue
            seen.add(domain)
            integration = await loader.async_get_integration(hass, domain)
            todo += [*integration.dependencies, *integration.after_dependencies]
            for requirement in integration.requirements:
                name = re.split(r"[=<>~!\[; ]", requirement, maxsplit=1)[0]
                found.add(name if name.lower() in unpinned else requirement)
        await hass.async_stop(force=True)
    print("\n".join(sorted(found)))

asyncio.run(main())
'

# install_browser_deps RUN VENV: Playwright's Python package and the requirements above, into
# the newest release's venv; Chromium into the sid root. Paths are as RUN sees them.
install_browser_deps() {
    local run=$1 venv=$2 stamp started constraints requirements
    if [ "$run" = in_root ] && ! in_root test -x /usr/bin/chromium; then
        started=$(date +%s)
        log "installing ${BROWSER_ROOT_PACKAGES[*]} into the sid root"
        in_root apt-get -qq -o Acquire::Check-Valid-Until=false update
        in_root apt-get install -y -qq --no-install-recommends "${BROWSER_ROOT_PACKAGES[@]}" \
            >"$SID_ROOT.apt.log" 2>&1 || {
            tail -n 30 "$SID_ROOT.apt.log" >&2
            exit 1
        }
        rm -f "$SID_ROOT.apt.log"
        in_root apt-get clean
        log "installed in $(elapsed "$started")"
    fi
    stamp="$venv/.browser-$(printf '%s\n' "$NEWEST_HA_VERSION" "${BROWSER_UNPINNED[@]}" | sha256sum | cut -c1-12)"
    if $run test -f "$stamp"; then return 0; fi
    started=$(date +%s)
    constraints="$venv/browser-constraints.txt"
    $run sh -c 'grep -viE "^($1)==" "$2" >"$3"' - "$(IFS='|'; echo "${BROWSER_UNPINNED[*]}")" \
        "$(constraints_of $run "$venv")" "$constraints"
    requirements=$($run env BROWSER_UNPINNED="${BROWSER_UNPINNED[*]}" "$venv/bin/python" -c "$DEFAULT_REQUIREMENTS_PY" frontend config)
    log "installing Playwright and the requirements of Home Assistant's default integrations into $venv"
    # shellcheck disable=SC2086 # one requirement per word
    $run "$venv/bin/python" -m uv pip install --quiet --python "$venv/bin/python" --only-binary :all: \
        -c "$constraints" playwright $requirements
    $run find "$venv" -maxdepth 1 -name '.browser-*' -delete
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

if [ "$suite" = all ] || [ "$suite" = harness ]; then
    install_venv $run "$python" "$venvs/harness" "$checkout" "$HARNESS_HA_VERSION" \
        "pytest-homeassistant-custom-component==$HARNESS_VERSION"
    log "Home Assistant $HARNESS_HA_VERSION with pytest-homeassistant-custom-component $HARNESS_VERSION"
    run_suite harness "$venvs/harness" tests/homeassistant "$@"
fi
if [ "$suite" = all ] || [ "$suite" = real-hass ]; then
    install_venv $run "$python" "$venvs/real-hass" "$checkout" "$NEWEST_HA_VERSION"
    log "Home Assistant $NEWEST_HA_VERSION, real process, no test harness"
    run_suite real-hass "$venvs/real-hass" tests/homeassistant/real_hass "$@"
fi
if [ "$suite" = browser ]; then
    install_venv $run "$python" "$venvs/real-hass" "$checkout" "$NEWEST_HA_VERSION"
    install_browser_deps $run "$venvs/real-hass"
    log "Home Assistant $NEWEST_HA_VERSION and its frontend in Chromium"
    run_suite browser "$venvs/real-hass" tests/browser -p no:homeassistant "$@"
fi
exit $status
