#!/usr/bin/env bash
# Scale: projects of 50, 100 and 200 milestones (5 slices x 3 tasks each, some files shared so the overlap check has
# work, every tenth milestone depending on the one before), each with a live run of 4 workers (sim agent, long units).
# Times, median of RUNS (default 5):
#   queue        `gsd queue --json`
#   eligibility  `gsd parallel start --json` against the live run (computes the whole eligibility report, then refuses:
#                a coordinator is active)
#   status       `gsd parallel status --json`
# and prints how each grows from 50 to 200 milestones: 4.0x is linear; a quadratic step would show ~16x.
# GSD_BIN=<path> skips the native build.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs=${RUNS:-5}
work=$(mktemp -d /tmp/gsd-bench-scale.XXXXXX)
export GSD_HOME="$work/home" NO_COLOR=1
unset GSD_PARALLEL_WORKER GSD_MILESTONE_LOCK GSD_PROJECT_ROOT GSD_HEARTBEAT_MS GSD_COORDINATOR_TICK_MS GSD_STOP_GRACE_MS
mkdir -p "$GSD_HOME"

source "$here/bench/build-gsd.sh"
build_gsd "$work/bin"

proj=""
stop_run() {
  if [ -n "$proj" ] && [ -d "$proj/.gsd/parallel" ]; then
    GSD_STOP_GRACE_MS=1000 "$gsd" -C "$proj" parallel stop >/dev/null 2>&1 || true
    python3 - "$proj/.gsd/parallel" <<'PY' | while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done
import json, os, sys, glob
for f in glob.glob(os.path.join(sys.argv[1], "*.status.json")) + [os.path.join(sys.argv[1], "coordinator.json")]:
    try: print(json.load(open(f))["pid"])
    except Exception: pass
PY
  fi
}
trap 'stop_run; rm -rf "$work"' EXIT

make_project() { # $1 = directory, $2 = number of milestones
  mkdir -p "$1"
  git -C "$1" init -q -b main
  git -C "$1" config user.name bench
  git -C "$1" config user.email bench@gsd.invalid
  git -C "$1" config commit.gpgsign false
  python3 - "$1" "$2" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
gsd = os.path.join(root, ".gsd")
os.makedirs(os.path.join(gsd, "milestones"))
open(os.path.join(root, "README.md"), "w").write("# scale bench\n")
open(os.path.join(gsd, ".gitignore"), "w").write("parallel/\nworktrees/\nauto.lock\nmetrics.json\n*.lock\nactivity/\n")
# Units of 10 minutes: the 4 workers stay alive (and mid-unit) while the commands are timed.
open(os.path.join(gsd, "PREFERENCES.md"), "w").write("""---
parallel:
  enabled: true
  max_workers: 4
  max_restarts: 0
agent:
  kind: sim
  args: ["--delay", "600s"]
---
""")
for m in range(1, n + 1):
    mid = f"M{m:03d}"
    d = os.path.join(gsd, "milestones", mid)
    os.makedirs(d)
    dep = f"[M{m-1:03d}]" if m % 10 == 0 else "[]"
    open(os.path.join(d, f"{mid}-CONTEXT.md"), "w").write(f"---\ndepends_on: {dep}\n---\n\n# {mid}: Milestone {m}\n")
    lines = [f"# {mid}: Milestone {m}", "", "## Slices", ""]
    for s in range(1, 6):
        lines.append(f"- [ ] **S{s:02d}: Slice {s}** `risk:low` `depends:[]`")
    open(os.path.join(d, f"{mid}-ROADMAP.md"), "w").write("\n".join(lines) + "\n")
    for s in range(1, 6):
        sd = os.path.join(d, "slices", f"S{s:02d}")
        os.makedirs(sd)
        tl = [f"# S{s:02d}: Slice {s}", "", "## Tasks", ""]
        for t in range(1, 4):
            # Each milestone shares one file with a few others (20 shared files in all).
            f = f"src/shared/f{m % 20}.py" if (s, t) == (1, 1) else f"src/m{m}/s{s}/t{t}.py"
            tl += [f"- [ ] **T{t:02d}: Task {t}** `est:30m`", f"  - Files: `{f}`", "  - Verify: true"]
        open(os.path.join(sd, f"S{s:02d}-PLAN.md"), "w").write("\n".join(tl) + "\n")
PY
  git -C "$1" add -A
  git -C "$1" commit -q -m "$2 milestones"
}

median() { # runs "$@" $runs times, prints the median wall time in seconds (exit code ignored)
  local times=()
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
    times+=("$(( (e - s) / 1000 ))")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.4f", a[int((NR+1)/2)] / 1e6}'
}

declare -A result
sizes=(50 100 200)
for n in "${sizes[@]}"; do
  proj="$work/p$n"
  make_project "$proj" "$n"
  "$gsd" -C "$proj" parallel start --yes >"$work/start$n.out" 2>&1 || { cat "$work/start$n.out" >&2; exit 1; }
  # Correctness first: every milestone listed, 4 live workers, eligibility computed (and refused: a run is active).
  listed=$("$gsd" -C "$proj" queue --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["milestones"]) if isinstance(d, dict) else len(d))')
  live=$("$gsd" -C "$proj" parallel status --json | python3 -c 'import json,sys; print(sum(w["state"] in ("starting","running") for w in json.load(sys.stdin)["workers"]))')
  [ "$listed" = "$n" ] || { echo "queue listed $listed of $n milestones" >&2; exit 1; }
  [ "$live" = 4 ] || { echo "expected 4 live workers with $n milestones, got $live" >&2; exit 1; }
  result[$n,queue]=$(median "$gsd" -C "$proj" queue --json)
  result[$n,eligibility]=$(median "$gsd" -C "$proj" parallel start --json)
  result[$n,status]=$(median "$gsd" -C "$proj" parallel status --json)
  stop_run
  proj=""
done

echo "scale: queue, eligibility and status with 4 live workers, median of $runs (load: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-12s %10s %10s %10s   %s\n' "" "50" "100" "200" "growth 50→200 (linear 4.0x)"
for what in queue eligibility status; do
  a=${result[50,$what]} b=${result[100,$what]} c=${result[200,$what]}
  printf '%-12s %9.3fs %9.3fs %9.3fs   %.1fx\n' "$what" "$a" "$b" "$c" "$(echo "$c / $a" | bc -l)"
done
