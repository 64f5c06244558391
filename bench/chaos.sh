#!/usr/bin/env bash
# Chaos run (issue 8 item 7): 12 milestones (two chains, a diamond, independents), 4 workers, auto_merge: auto, the sim
# agent at about a second per unit, and a random kill -9 of a worker, an agent or the coordinator every 2-4 s until 30
# kills; whenever nothing runs, `gsd parallel start --yes` (once `gsd doctor --fix` first), as a user would. It then
# checks that every milestone is complete on main and squash-merged exactly once, that every file a milestone branch tip
# held (sampled during the run) is on main with that content, that no process, worktree or branch is left, and that
# `gsd doctor` is clean; it prints kills by kind, restarts and wall time. RUNS (default 1) repeats it; every run must pass.
# Knobs: MILESTONES, WORKERS, KILLS, KILL_MIN, KILL_MAX, UNIT_DELAY, SEED, DEADLINE (see bench/chaos.py); GSD_BIN.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs=${RUNS:-1}
bin=$(mktemp -d /tmp/gsd-chaos-bin.XXXXXX)
trap 'rm -rf "$bin"' EXIT
source "$here/bench/build-gsd.sh"
build_gsd "$bin"
export GSD="$gsd"
for i in $(seq 1 "$runs"); do
  echo "== chaos run $i of $runs"
  python3 "$here/bench/chaos.py"
done
