#!/usr/bin/env bash
# Sourced by the benches: sets $gsd to a gsd binary. GSD_BIN=<path> uses that one; otherwise the native (Native AOT)
# binary is published into $1, installing the native toolchain first where it is missing.
build_gsd() {
  local into="$1"
  if [[ -n "${GSD_BIN:-}" ]]; then
    gsd="$GSD_BIN"
    return
  fi
  local repo
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  bash "$repo/scripts/native-toolchain.sh"
  dotnet publish "$repo/src/Gsd" -r linux-x64 -c Release -o "$into" >/dev/null
  gsd="$into/gsd"
}

# Puts a counting `git` first on PATH: every git process started through PATH (by gsd, a worker, an agent) appends its
# subcommand to $2. Only for the counting passes; the timed passes run the real git directly.
git_counter() {
  local dir="$1" log="$2" real
  real="$(command -v git)"
  mkdir -p "$dir"
  : > "$log"
  cat > "$dir/git" <<WRAP
#!/bin/sh
echo "\$*" >> "$log"
exec "$real" "\$@"
WRAP
  chmod +x "$dir/git"
}
