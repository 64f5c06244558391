#!/usr/bin/env bash
# Start-up: `gsd --version` against `git --version`, each run 200 times; prints both wall times and the ratio.
# GSD_BIN=<path to a built gsd> skips the native build.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d /tmp/gsd-bench-startup.XXXXXX)
trap 'rm -rf "$work"' EXIT
source "$here/bench/build-gsd.sh"
build_gsd "$work/bin"
runs=200
now_ns() { date +%s%N; }
time_of() {
  local start end
  start=$(now_ns)
  for _ in $(seq 1 $runs); do "$@" >/dev/null; done
  end=$(now_ns)
  echo $(( (end - start) / runs / 1000 ))
}
"$gsd" --version >/dev/null   # warm the page cache
git --version >/dev/null
gsd_us=$(time_of "$gsd" --version)
git_us=$(time_of git --version)
printf 'gsd --version  %6d us\n' "$gsd_us"
printf 'git --version  %6d us\n' "$git_us"
awk -v a="$gsd_us" -v b="$git_us" 'BEGIN { printf "ratio          %6.2fx (goal <= 3x)\n", a / b }'
