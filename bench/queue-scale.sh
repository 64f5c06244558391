#!/usr/bin/env bash
# Generates a project of 1,000 milestones (10 slices, 5 tasks each), then times `gsd queue --json`
# against the floor: reading the same planning files with `cat`. Prints both and the ratio.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs=${RUNS:-5}
work=$(mktemp -d /tmp/gsd-bench-queue.XXXXXX)
trap 'rm -rf "$work"' EXIT

source "$here/bench/build-gsd.sh"
build_gsd "$work/bin"
proj="$work/project"

python3 - "$proj" <<'PY'
import os, sys
root = sys.argv[1]
ms = os.path.join(root, ".gsd", "milestones")
for m in range(1, 1001):
    mid = f"M{m:03d}"
    d = os.path.join(ms, mid)
    os.makedirs(d)
    dep = f"[M{m-1:03d}]" if m > 1 and m % 10 != 1 else "[]"
    open(os.path.join(d, f"{mid}-CONTEXT.md"), "w").write(f"---\ndepends_on: {dep}\n---\n\n# {mid}: Milestone {m}\n")
    lines = [f"# {mid}: Milestone {m}", "", "## Slices", ""]
    for s in range(1, 11):
        done = "x" if m % 3 == 0 else " "
        lines.append(f"- [{done}] **S{s:02d}: Slice {s}** `risk:low` `depends:[]`")
    open(os.path.join(d, f"{mid}-ROADMAP.md"), "w").write("\n".join(lines) + "\n")
    for s in range(1, 11):
        sd = os.path.join(d, "slices", f"S{s:02d}")
        os.makedirs(os.path.join(sd, "tasks"))
        tl = [f"# S{s:02d}: Slice {s}", "", "## Tasks", ""]
        for t in range(1, 6):
            tl.append(f"- [ ] **T{t:02d}: Task {t}** `est:30m`")
            tl.append(f"  - Files: `src/m{m}/s{s}/t{t}.py`")
            tl.append(f"  - Verify: true")
        open(os.path.join(sd, f"S{s:02d}-PLAN.md"), "w").write("\n".join(tl) + "\n")
    if m % 3 == 0:
        open(os.path.join(d, f"{mid}-SUMMARY.md"), "w").write(f"---\nstatus: complete\n---\n# {mid}\n")
PY
files=$(find "$proj/.gsd" -type f | wc -l)

time_it() { # runs "$@" $runs times, prints the best wall time in seconds
  local best=""
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N)
    local t; t=$(echo "$e - $s" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  echo "$best"
}
cat_floor() { find "$proj/.gsd" -type f -name '*.md' -print0 | xargs -0 cat; }

"$gsd" -C "$proj" queue --json >/dev/null   # warm the page cache
floor=$(time_it cat_floor)
gsdt=$(time_it "$gsd" -C "$proj" queue --json)
echo "queue-scale: 1000 milestones, $files files, best of $runs"
printf 'cat (floor): %.3fs\n' "$floor"
printf 'gsd queue --json: %.3fs\n' "$gsdt"
printf 'ratio: %.1fx\n' "$(echo "$gsdt / $floor" | bc -l)"
