#!/usr/bin/env bash
# Run FluxForge's touch mixer on the built-in demo session.
#
#   bash scripts/run.sh [SESSION.json] [more fluxforge-studio arguments]
#
# Sets everything up first (scripts/bootstrap.sh), generates the demo session
# into out/demo (once; `fluxforge demo`), then starts `fluxforge-studio`.
# Where there is no screen, the mixer runs offscreen (SDL's offscreen driver) and
# says so; where there is no sound card, the engine runs on its offline clock.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${FLUXFORGE_VENV:-$ROOT/.venv}

bash "$ROOT/scripts/bootstrap.sh"

session=$ROOT/out/demo/demo.fluxforge.json
if [[ $# -gt 0 && $1 != -* ]]; then
    session=$1; shift
elif [[ ! -f $session ]]; then
    "$VENV/bin/fluxforge" demo "$(dirname "$session")"
fi

if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
    echo "run: no screen (DISPLAY is not set): the mixer runs offscreen; run this on a desktop to see it"
    export SDL_VIDEODRIVER=offscreen
fi

echo "run: fluxforge-studio $session $*"
exec "$VENV/bin/fluxforge-studio" "$session" "$@"
