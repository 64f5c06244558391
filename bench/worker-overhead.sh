#!/usr/bin/env bash
# Worker overhead: `gsd auto` drives a pre-planned milestone of 20 tasks (4 slices x 5, ROADMAP + PLAN files
# committed) with the sim agent at zero delay, against the floor: a bare-git script that makes the same 25 commits
# (20 tasks, 4 slice completions, 1 milestone completion) writing the same files. Prints both wall times, the
# ratio, the time the worker spent outside its agent processes, and the worker's peak RSS. The two alternate for
# BENCH_ROUNDS rounds (default 5), each from a fresh copy with the disk's dirty pages written out first; the ratio is of
# the medians, since a shared 2-core machine's noise moved single runs of the floor by 40%.
# GSD_BIN=<path to a built gsd> skips the native build.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
slices=4
tasks=5
work=$(mktemp -d /tmp/gsd-bench-worker.XXXXXX)
trap 'rm -rf "$work"' EXIT

source "$here/bench/build-gsd.sh"
build_gsd "$work/bin"
export GSD_HOME="$work/home"
mkdir -p "$GSD_HOME"

now_ns() { date +%s%N; }

# --- the starting repository, shared by both runs -------------------------------------------------------------
seed="$work/seed"
mkdir -p "$seed"
cd "$seed"
git init -q -b main
git config user.name bench
git config user.email bench@gsd.invalid
git config commit.gpgsign false
echo "# bench" > README.md
"$gsd" init >/dev/null
"$gsd" milestone new "Bench milestone" >/dev/null
mid=M001
dir=".gsd/milestones/$mid"
cat > .gsd/PREFERENCES.md <<'EOF'
---
agent:
  kind: sim
  args: [--delay, 0s]
---
EOF
{
  printf '# %s: Bench milestone\n\n## Slices\n\n' "$mid"
  for s in $(seq 1 $slices); do printf -- '- [ ] **S%02d: Slice %d** `risk:low` `depends:[]`\n' "$s" "$s"; done
} > "$dir/$mid-ROADMAP.md"
for s in $(seq 1 $slices); do
  sid=$(printf 'S%02d' "$s")
  mkdir -p "$dir/slices/$sid"
  {
    printf '# %s: Slice %d\n\n## Tasks\n\n' "$sid" "$s"
    for t in $(seq 1 $tasks); do
      f=$(printf 'src/s%02d/t%02d.txt' "$s" "$t")
      printf -- '- [ ] **T%02d: Task %d** `est:5m`\n  - Files: `%s`\n  - Verify: test -s %s\n' "$t" "$t" "$f" "$f"
    done
  } > "$dir/slices/$sid/$sid-PLAN.md"
done
git add -A
git commit -qm "pre-planned milestone"
units=$((slices * tasks + slices + 1))

# --- the worker -------------------------------------------------------------------------------------------------
run_worker() {
rm -rf "$work/worker"
cp -a "$seed" "$work/worker"
cd "$work/worker"
sync
hwm_file="$work/hwm"
echo 0 > "$hwm_file"
start=$(now_ns)
if [[ -x /usr/bin/time ]]; then
  /usr/bin/time -v -o "$work/time.txt" "$gsd" auto --json > "$work/auto.ndjson" &
else
  "$gsd" auto --json > "$work/auto.ndjson" &
fi
runner=$!
# The worker's own peak (VmHWM), sampled: /usr/bin/time's figure is the largest of the worker and its agents.
(
  peak=0
  while kill -0 "$runner" 2>/dev/null; do
    pid=$(pgrep -f -n "$gsd auto" || true)
    if [[ -n "$pid" && -r /proc/$pid/status ]]; then
      kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      if [[ -n "$kb" && "$kb" -gt "$peak" ]]; then peak=$kb; echo "$peak" > "$hwm_file"; fi
    fi
    sleep 0.05
  done
) &
sampler=$!
wait "$runner"
echo $(( $(now_ns) - start )) >> "$work/worker-ns"
wait "$sampler" || true
worker_commits=$(git rev-list --count HEAD~$units..HEAD)
grep -q '"outcome":"complete"' "$work/auto.ndjson" || { echo "gsd auto did not complete:"; cat "$work/auto.ndjson"; exit 1; }
[[ -z "$(git status --porcelain)" ]] || { echo "gsd auto left changes behind"; exit 1; }
# Seconds spent inside agent units (sim-agent child processes) according to metrics.json.
python3 - .gsd/metrics.json >> "$work/agent-s" <<'PY'
import json, sys
from datetime import datetime
units = json.load(open(sys.argv[1]))["units"]
def t(s): return datetime.fromisoformat(s.replace("Z", "+00:00"))
print(f'{sum((t(u["finishedAt"]) - t(u["startedAt"])).total_seconds() for u in units if u["type"] == "execute-task"):.3f}')
PY
}

# --- the floor: bare git making the same commits -----------------------------------------------------------------
run_floor() {
rm -rf "$work/floor"
cp -a "$seed" "$work/floor"
cd "$work/floor"
sync
start=$(now_ns)
for s in $(seq 1 $slices); do
  sid=$(printf 'S%02d' "$s")
  for t in $(seq 1 $tasks); do
    tid=$(printf 'T%02d' "$t")
    f=$(printf 'src/s%02d/t%02d.txt' "$s" "$t")
    mkdir -p "$(dirname "$f")" "$dir/slices/$sid/tasks"
    echo "$mid/$sid/$tid: Task $t" >> "$f"
    test -s "$f"
    sed -i "s/^- \[ \] \*\*$tid:/- [x] **$tid:/" "$dir/slices/$sid/$sid-PLAN.md"
    printf -- '---\nid: %s\n---\n\n# %s: Task %d\n\ndone\n' "$tid" "$tid" "$t" > "$dir/slices/$sid/tasks/$tid-SUMMARY.md"
    git add -A -- . ':(exclude).gsd'
    git add -A -- "$dir"
    git commit -q -F - <<EOF
feat($mid/$sid/$tid): Task $t

GSD-Unit: $mid/$sid/$tid
GSD-Milestone: $mid
EOF
  done
  printf -- '---\nid: %s\n---\n\n# %s\n\ndone\n' "$sid" "$sid" > "$dir/slices/$sid/$sid-SUMMARY.md"
  sed -i "s/^- \[ \] \*\*$sid:/- [x] **$sid:/" "$dir/$mid-ROADMAP.md"
  git add -A -- "$dir"
  git commit -q -F - <<EOF
feat($mid/$sid): complete slice Slice $s

GSD-Unit: $mid/$sid
GSD-Milestone: $mid
EOF
done
printf -- '---\nid: %s\nstatus: complete\n---\n\n# %s\n' "$mid" "$mid" > "$dir/$mid-SUMMARY.md"
git add -A -- "$dir"
git commit -q -F - <<EOF
feat($mid): complete milestone Bench milestone

GSD-Unit: $mid
GSD-Milestone: $mid
EOF
echo $(( $(now_ns) - start )) >> "$work/floor-ns"
floor_commits=$(git rev-list --count HEAD~$units..HEAD)
}

rounds=${BENCH_ROUNDS:-5}
: > "$work/worker-ns"; : > "$work/floor-ns"; : > "$work/agent-s"
for round in $(seq 1 "$rounds"); do
  run_floor
  run_worker
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
worker_ns=$(median "$work/worker-ns")
floor_ns=$(median "$work/floor-ns")
agent_s=$(median "$work/agent-s")

# --- counting pass (not timed): the same run with a counting git first on PATH ------------------------------------
cp -a "$seed" "$work/count"
cd "$work/count"
git_counter "$work/gitcount" "$work/git-count.log"
PATH="$work/gitcount:$PATH" "$gsd" auto --json > /dev/null
git_total=$(wc -l < "$work/git-count.log")
# The code the units wrote (src/); .gsd/ differs by design: the floor writes its own shorter summaries.
worker_tree=$(git -C "$work/worker" rev-parse 'HEAD:src')

# --- report --------------------------------------------------------------------------------------------------------
python3 - "$worker_ns" "$floor_ns" "$agent_s" "$units" "$worker_commits" "$floor_commits" "$(cat "$hwm_file")" "$work/time.txt" "$work/worker-ns" "$work/floor-ns" <<'PY'
import os, re, sys
worker_ns, floor_ns, agent_s, units, wc, fc, hwm, timefile, worker_runs, floor_runs = sys.argv[1:]
worker, floor, agent = int(worker_ns) / 1e9, int(floor_ns) / 1e9, float(agent_s)
ws = [int(l) / 1e9 for l in open(worker_runs)]
fs = [int(l) / 1e9 for l in open(floor_runs)]
print(f"units: {units} ({wc} worker commits, {fc} bare-git commits); {len(ws)} rounds, medians below")
print(f"gsd auto (sim agent, zero delay): {worker:8.3f} s   (runs: {' '.join(f'{w:.3f}' for w in ws)})")
print(f"bare git, same commits:           {floor:8.3f} s   (runs: {' '.join(f'{f:.3f}' for f in fs)})")
print(f"ratio worker / bare git:          {worker / floor:8.1f}x  (per round: {' '.join(f'{w / f:.2f}' for w, f in zip(ws, fs))})")
print(f"  of which in sim-agent processes: {agent:7.3f} s ({agent / worker:.0%}); worker outside agents: {worker - agent:.3f} s = {(worker - agent) / floor:.1f}x bare git, {(worker - agent - floor) / int(units) * 1000:.0f} ms/unit over the floor")
if int(hwm) > 0:
    print(f"worker peak RSS (VmHWM, sampled): {int(hwm) / 1024:8.1f} MiB")
if os.path.exists(timefile):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(timefile).read())
    if m:
        print(f"peak RSS, worker or largest agent child (/usr/bin/time -v): {int(m.group(1)) / 1024:.1f} MiB")
PY
floor_tree=$(git -C "$work/floor" rev-parse 'HEAD:src')
echo "git processes per unit: $(awk -v n="$git_total" -v u="$units" 'BEGIN {printf "%.1f", n / u}') ($git_total for $units units, startup included; the bare-git floor starts 3 per unit; was 5.1 before the one-status-read commit)"
if [[ "$worker_tree" == "$floor_tree" ]]; then echo "resulting code trees (src/): identical"; else echo "resulting code trees (src/): DIFFERENT (gsd $worker_tree, bare git $floor_tree)"; fi
