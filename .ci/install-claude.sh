#!/usr/bin/env bash
# Installs the pinned Claude Code CLI into <repo>/.tools/claude (npm registry only), once.
# The end-to-end agent test runs it against a loopback stand-in of the Messages API.
set -euo pipefail

version="2.1.328"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$repo/.tools/claude"
bin="$prefix/node_modules/.bin/claude"
manifest="$prefix/node_modules/@anthropic-ai/claude-code/package.json"

if [[ -x "$bin" && -f "$manifest" ]] && grep -q "\"version\": \"$version\"" "$manifest"; then
  echo "claude $version already installed at $bin"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is required to install the Claude Code CLI (install Node.js 18+)" >&2
  exit 1
fi

mkdir -p "$prefix"
npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "@anthropic-ai/claude-code@$version"
"$bin" --version
echo "claude $version installed at $bin"
