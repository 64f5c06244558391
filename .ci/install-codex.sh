#!/usr/bin/env bash
# Installs the pinned OpenAI Codex CLI into <repo>/.tools/codex (npm registry only), once.
# Its npm package is a JS launcher plus a native binary in a per-platform optional dependency
# (@openai/codex-linux-x64 etc.); the launcher fails without it, so the install checks it runs.
# The end-to-end codex test runs it against a loopback stand-in of the OpenAI Responses API.
set -euo pipefail

version="0.169.0"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$repo/.tools/codex"
bin="$prefix/node_modules/.bin/codex"
manifest="$prefix/node_modules/@openai/codex/package.json"

if [[ -x "$bin" && -f "$manifest" ]] && grep -q "\"version\": \"$version\"" "$manifest" && "$bin" --version >/dev/null 2>&1; then
  echo "codex $version already installed at $bin"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is required to install the Codex CLI (install Node.js 18+)" >&2
  exit 1
fi

mkdir -p "$prefix"
# --include=optional: the native binary is an optional dependency; an npm configured to omit those would skip it.
npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error --include=optional "@openai/codex@$version"
"$bin" --version
echo "codex $version installed at $bin"
