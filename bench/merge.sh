#!/usr/bin/env bash
# Merging 20 completed milestones into a 10,000-file repository, gsd against bare git.
#   floor: for each branch `git merge --squash` + `git commit`
#   gsd:   `gsd parallel merge --yes` (all completed milestones, in id order)
# Prints both times and the ratio gsd / floor. Usage: bench/merge.sh [files] [milestones]
# BENCH_KEEP=1 keeps the generated repositories.
# GSD_BIN=/path/to/gsd picks the binary (default: the native binary, published for this run).
set -euo pipefail

FILES=${1:-10000}
MILESTONES=${2:-20}
here=$(cd "$(dirname "$0")/.." && pwd)

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

work=$(mktemp -d "${TMPDIR:-/tmp}/gsd-bench-merge.XXXXXX")
[[ -n "${BENCH_KEEP:-}" ]] || trap 'rm -rf "$work"' EXIT   # BENCH_KEEP=1 keeps the repositories for inspection
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@gsd.invalid GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@gsd.invalid
export GSD_HOME="$work/home"
mkdir -p "$GSD_HOME"

echo "building a repository of $FILES files with $MILESTONES completed milestone branches in $work ..."
template="$work/template"
git init -q -b main "$template"
cd "$template"
git config commit.gpgsign false
dirs=$(( (FILES + 99) / 100 ))
n=0
for ((d = 0; d < dirs && n < FILES; d++)); do
  mkdir -p "src/d$d"
  for ((f = 0; f < 100 && n < FILES; f++, n++)); do
    printf 'module d%d f%d\nvalue %d\nend\n' "$d" "$f" "$n" > "src/d$d/f$f.txt"
  done
done
mkdir -p .gsd
printf 'parallel/\nworktrees/\nauto.lock\nmetrics.json\n*.lock\nactivity/\n' > .gsd/.gitignore
cat > .gsd/PREFERENCES.md <<'PREFS'
---
parallel:
  enabled: true
  max_workers: 4
  auto_merge: manual
agent:
  kind: sim
---
PREFS
for ((i = 1; i <= MILESTONES; i++)); do
  mid=$(printf 'M%03d' "$i")
  mkdir -p ".gsd/milestones/$mid"
  printf -- '---\ndepends_on: []\n---\n# %s: Milestone %d\n' "$mid" "$i" > ".gsd/milestones/$mid/$mid-CONTEXT.md"
  printf '# %s: Milestone %d\n\n## Slices\n\n- [ ] **S01: Work** `risk:low` `depends:[]`\n' "$mid" "$i" > ".gsd/milestones/$mid/$mid-ROADMAP.md"
  printf '{"integrationBranch":"main"}\n' > ".gsd/milestones/$mid/$mid-META.json"
done
git add -A && git commit -q -m "initial: $FILES files"

# Each milestone branch touches a few distinct files and completes its own .gsd/milestones/<MID>/,
# built with plumbing in a private index (fast, and the checkout stays on main).
base=$(git rev-parse main)
for ((i = 1; i <= MILESTONES; i++)); do
  mid=$(printf 'M%03d' "$i")
  export GIT_INDEX_FILE="$work/index-$mid"
  git read-tree "$base"
  d=$(( (i * 7) % dirs ))
  for f in 0 1 2; do
    blob=$(printf 'module d%d f%d\nvalue changed by %s\nend\n' "$d" "$f" "$mid" | git hash-object -w --stdin)
    git update-index --cacheinfo "100644,$blob,src/d$d/f$f.txt"
  done
  add() { git update-index --add --cacheinfo "100644,$(printf '%s' "$2" | git hash-object -w --stdin),$1"; }
  add "src/new/$mid.txt" "new file of $mid"$'\n'
  add ".gsd/milestones/$mid/$mid-ROADMAP.md" "# $mid: Milestone $i"$'\n\n## Slices\n\n- [x] **S01: Work** `risk:low` `depends:[]`\n'
  add ".gsd/milestones/$mid/slices/S01/S01-PLAN.md" $'# S01: Work\n\n## Tasks\n\n- [x] **T01: Do it** `est:5m`\n'
  add ".gsd/milestones/$mid/slices/S01/S01-SUMMARY.md" $'# S01 done\n'
  add ".gsd/milestones/$mid/$mid-SUMMARY.md" "# $mid complete"$'\n'
  commit=$(git commit-tree "$(git write-tree)" -p "$base" -m "feat($mid/S01/T01): Do it")
  git update-ref "refs/heads/milestone/$mid" "$commit"
  unset GIT_INDEX_FILE
  rm -f "$work/index-$mid"
done
git status --porcelain >/dev/null

# (a) the bare-git floor
cp -a "$template" "$work/bare"
cd "$work/bare"
start=$(now)
for ((i = 1; i <= MILESTONES; i++)); do
  mid=$(printf 'M%03d' "$i")
  git merge --squash -q "milestone/$mid" >/dev/null 2>"$work/bare.err" || { cat "$work/bare.err"; exit 1; }
  git commit -q -m "feat($mid): Milestone $i" -m "GSD-Milestone: $mid"
done
end=$(now)
floor=$(elapsed "$start" "$end")
floor_tree=$(git rev-parse 'HEAD^{tree}')
printf 'bare git (merge --squash + commit) x %d: %ss\n' "$MILESTONES" "$floor"

# (b) gsd
GSD_BIN="${GSD_BIN:-${GSD:-}}"
source "$here/bench/build-gsd.sh"
build_gsd "$work/bin"
cp -a "$template" "$work/gsd"
cd "$work/gsd"
# A build without the command prints the root help (or an error) instead of the command's own usage line.
if ! "$gsd" parallel merge --help 2>&1 | grep -q 'gsd parallel merge'; then
  echo "note: '$gsd parallel merge' is not available in this build yet; only the bare-git floor was timed."
  exit 0
fi
start=$(now)
set +e
"$gsd" parallel merge --yes >"$work/gsd-merge.log" 2>&1
status=$?
set -e
end=$(now)
took=$(elapsed "$start" "$end")
if [[ $status -ne 0 ]]; then
  echo "gsd parallel merge failed (exit $status):"
  tail -40 "$work/gsd-merge.log"
  exit 1
fi
merged=$(git rev-list --count --grep '^GSD-Milestone:' main)
left=$(git branch --list 'milestone/*' | wc -l)
gsd_tree=$(git rev-parse 'HEAD^{tree}')
printf 'gsd parallel merge --yes (%d milestones, also proving each branch contained and deleting it): %ss\n' "$merged" "$took"
if [[ "$merged" -ne "$MILESTONES" || "$left" -ne 0 ]]; then
  echo "gsd merged $merged of $MILESTONES milestones and left $left branches:"
  tail -40 "$work/gsd-merge.log"
  exit 1
fi
if [[ "$gsd_tree" != "$floor_tree" ]]; then
  echo "resulting trees: DIFFERENT (gsd $gsd_tree, git $floor_tree)"
  exit 1
fi
echo "resulting trees: identical"
awk -v g="$took" -v f="$floor" 'BEGIN { if (f > 0) printf "ratio gsd / bare git: %.2fx\n", g / f }'

# Counting pass (not timed): the same merge with a counting git first on PATH.
cp -a "$template" "$work/count"
cd "$work/count"
git_counter "$work/gitcount" "$work/git-count.log"
PATH="$work/gitcount:$PATH" "$gsd" parallel merge --yes >/dev/null 2>&1
[[ "$(git rev-parse 'HEAD^{tree}')" == "$floor_tree" ]] || { echo "counting pass: resulting tree differs"; exit 1; }
printf 'git processes per merge: %s (floor: 2; was 44.0)\n' "$(awk -v n="$(wc -l < "$work/git-count.log")" -v m="$MILESTONES" 'BEGIN {printf "%.1f", n / m}')"
status_full=$(grep -cE '^(--literal-pathspecs )?status ' "$work/git-count.log" || true)
printf '  of which status: %s, limited to the touched paths\n' "$status_full"
