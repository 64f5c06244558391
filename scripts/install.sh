#!/usr/bin/env bash
# Packs gsd as a dotnet tool and installs it globally: the native (Native AOT) binary on linux-x64, the
# framework-dependent build (needs the .NET 10 runtime) everywhere else. Usage: bash scripts/install.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/artifacts"
rm -rf "$out"
dotnet pack "$here/src/Gsd" -c Release -o "$out"            # the pointer package that picks one of these:
dotnet pack "$here/src/Gsd" -c Release -r any -o "$out"     # framework-dependent, any platform
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
  bash "$here/scripts/native-toolchain.sh"
  dotnet pack "$here/src/Gsd" -c Release -r linux-x64 -o "$out"   # Native AOT
fi
dotnet tool uninstall -g Gsd.Tool >/dev/null 2>&1 || true
dotnet tool install -g --add-source "$out" Gsd.Tool
