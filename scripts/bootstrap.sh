#!/usr/bin/env bash
# Set up everything FluxForge needs, on a fresh Debian 12 machine or an old checkout.
#
#   bash scripts/bootstrap.sh
#
# Idempotent and quiet: it prints one line per step and only does what is missing.
#   1. apt packages (compiler, Python headers, PortAudio, JACK, libsndfile, GL, Xvfb)
#      when missing; needs root (or sudo) only if something is missing.
#   2. a virtual environment in .venv (override with FLUXFORGE_VENV=dir)
#      made by $PYTHON (default: python3; e.g. PYTHON=/usr/bin/python3).
#   3. pip packages: the ONE list is pyproject.toml ([build-system] requires and
#      the project's dependencies with the "ui" and "test" extras); reinstalled
#      only when pyproject.toml changes. The project itself is installed editable,
#      so the `fluxforge` and `fluxforge-studio` commands exist in .venv/bin.
#   4. the compiled modules, built in place (incremental).
# Environment: CI=true is fine (nothing here asks questions).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
VENV=${FLUXFORGE_VENV:-$ROOT/.venv}
LOG_DIR=$ROOT/build/logs
APT_PACKAGES=(build-essential gcc binutils python3-dev python3-venv libportaudio2 libsndfile1
              jackd2 libgl1 libegl1 libmtdev1 xvfb xauth
              gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)   # the NEON kernels, cross-built, run under qemu

say() { printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: error: %s\n' "$*" >&2; exit 1; }
mkdir -p "$LOG_DIR"

# Run "$@" with its output in a log; on failure show the log's tail and stop.
logged() {
    local name=$1; shift
    if ! "$@" >"$LOG_DIR/$name.log" 2>&1; then
        tail -n 30 "$LOG_DIR/$name.log" >&2
        die "'$*' failed (full log: $LOG_DIR/$name.log)"
    fi
}

install_apt_packages() {
    if ! command -v dpkg-query >/dev/null; then
        say "no dpkg: not a Debian system, skipping apt (install the equivalents of: ${APT_PACKAGES[*]})"
        return
    fi
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        [[ $(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null) == installed ]] ||
            missing+=("$pkg")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        say "apt packages: all present"
        return
    fi
    local sudo=()
    if [[ $(id -u) != 0 ]]; then
        command -v sudo >/dev/null ||
            die "missing apt packages (${missing[*]}); run as root: apt-get install ${missing[*]}"
        sudo=(sudo -n)
    fi
    say "apt packages: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # jackd2 asks whether to enable real-time priority: answer it up front.
    echo "jackd2 jackd/tweak_rt_limits boolean false" | "${sudo[@]}" debconf-set-selections
    logged apt-update "${sudo[@]}" apt-get -q update
    logged apt-install "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -q -y --no-install-recommends install "${missing[@]}"
}

make_venv() {
    if [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
        say "virtual environment: $VENV ($("$VENV/bin/python" -c 'import platform; print(platform.python_version())'))"
        return
    fi
    command -v "$PYTHON" >/dev/null || die "no Python interpreter '$PYTHON' (set PYTHON=/path/to/python3.11+)"
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
        die "$PYTHON is Python $("$PYTHON" -c 'import platform; print(platform.python_version())'); FluxForge needs 3.11 or newer"
    say "virtual environment: creating $VENV with $PYTHON"
    rm -rf "$VENV"
    logged venv "$PYTHON" -m venv "$VENV"
}

install_pip_packages() {
    local vpy=$VENV/bin/python stamp=$VENV/.fluxforge-pyproject.sha256 want
    want=$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)
    if [[ -f $stamp && $(cat "$stamp") == "$want" ]] && "$vpy" -c 'import fluxforge' 2>/dev/null; then
        say "pip packages: up to date"
        return
    fi
    local build_requires
    mapfile -t build_requires < <("$vpy" -c '
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    print("\n".join(tomllib.load(f)["build-system"]["requires"]))' "$ROOT/pyproject.toml")
    say "pip packages: installing build tools (${build_requires[*]})"
    logged pip-build "$vpy" -m pip install --disable-pip-version-check --progress-bar off "${build_requires[@]}"
    say "pip packages: installing fluxforge[ui,test] (editable; compiles the modules, takes a few minutes)"
    logged pip-install "$vpy" -m pip install --disable-pip-version-check --progress-bar off \
        --no-build-isolation -e "$ROOT[ui,test]"
    echo "$want" >"$stamp"
}

build_in_place() {
    say "compiled modules: building in place"
    (cd "$ROOT" && logged build "$VENV/bin/python" setup.py build_ext --inplace \
        -t build/tmp-bootstrap -b build/lib-bootstrap)
    "$VENV/bin/python" -c 'import fluxforge' || die "the build finished but 'import fluxforge' fails"
}

install_apt_packages
make_venv
install_pip_packages
build_in_place
say "ready: $VENV/bin/fluxforge, $VENV/bin/fluxforge-studio"
