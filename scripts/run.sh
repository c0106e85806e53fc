#!/usr/bin/env bash
# Run FluxForge's touch mixer on the built-in demo session.
#
#   bash scripts/run.sh [SESSION.fluxforge.json] [fluxforge-studio options]
#
# Sets everything up first (scripts/bootstrap.sh), then starts `fluxforge-studio`
# (without a session it opens the demo session, written once into
# ~/.cache/fluxforge/demo). It falls back gracefully and says so: with no screen
# it runs the mixer offscreen for a few seconds and writes a screenshot; with no
# sound card it runs on the offline clock (meters and playhead still move).
# `bash scripts/run.sh --help` lists the options (--device, --offline, --seconds...).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${FLUXFORGE_VENV:-$ROOT/.venv}

bash "$ROOT/scripts/bootstrap.sh"
echo "run: fluxforge-studio $*"
exec "$VENV/bin/fluxforge-studio" "$@"
