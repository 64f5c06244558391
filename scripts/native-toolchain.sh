#!/usr/bin/env bash
# Installs what Native AOT needs to link gsd (clang and zlib headers, from Debian's packages) where it is missing.
# Needs root (or sudo) the first time; does nothing when both are there.
set -euo pipefail
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing the Native AOT toolchain: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
