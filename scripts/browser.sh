#!/usr/bin/env bash
# Installs headless Chromium (Debian's `chromium` package) for the dashboard's browser tests where it is missing.
# Needs root (or passwordless sudo) the first time; does nothing when chromium is already on PATH.
# Prints the browser's path on success; exits non-zero (and the browser tests skip, saying why) when it cannot install.
set -euo pipefail
for name in chromium chromium-browser; do
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; exit 0; fi
done
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo -n true 2>/dev/null || { echo "chromium is missing and there is no root or passwordless sudo to install it" >&2; exit 1; }
  sudo="sudo -n"
fi
echo "installing chromium (Debian package) for the dashboard browser tests" >&2
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
command -v chromium
