#!/usr/bin/env bash
# Scripted check under Xvfb: edit in the real window, SIGKILL the app, start it again, and see the recovery offer.
# Needs: xvfb, xdotool, imagemagick (apt-get install -y xvfb xdotool imagemagick) and a release build.
# Usage: tests/scripts/sigkill_recovery.sh [screenshot.png]
set -euo pipefail
cd "$(dirname "$0")/../.."
shot=${1:-/tmp/dcplan-recovery.png}
work=$(mktemp -d)
export HOME=$work/home DISPLAY=${DISPLAY:-:98} DCPLAN_AUTOSAVE_SECS=1
mkdir -p "$HOME"
cp projects/samples/esx35-west.ron "$work/plan.ron"
if ! xdpyinfo >/dev/null 2>&1; then
  Xvfb "$DISPLAY" -screen 0 1600x1000x24 >/dev/null 2>&1 &
  sleep 2
fi
./target/release/dcplan open "$work/plan.ron" >/dev/null 2>&1 &
pid=$!
sleep 5
# One edit: click the "Cluster" palette entry (adds a cluster).
window=$(xdotool search --name "dcplan" | head -1)
xdotool windowactivate --sync "$window" 2>/dev/null || true
eval "$(xdotool getwindowgeometry --shell "$window")"
xdotool mousemove $((X + 60)) $((Y + 330)) click 1
sleep 8
kill -9 "$pid"
test -f "$work/plan.ron.autosave.ron" || { echo "FAIL: no autosave sidecar after the edit"; exit 1; }
./target/release/dcplan open "$work/plan.ron" >/dev/null 2>&1 &
pid=$!
sleep 5
import -window root "$shot"
kill "$pid" 2>/dev/null || true
echo "autosave sidecar found; screenshot of the restarted app (it should offer recovery): $shot"
