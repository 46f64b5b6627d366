#!/usr/bin/env bash
# Packs the `caviar` .NET tool from this clone into a local feed and installs it.
#   scripts/install-tool.sh                      # dotnet tool install --global (puts caviar on ~/.dotnet/tools)
#   scripts/install-tool.sh --tool-path DIR      # any `dotnet tool install` location flags instead of --global
# The feed (default ./artifacts/feed, or $CAVIAR_FEED) keeps the package, for other machines or a later install.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
feed="${CAVIAR_FEED:-$repo/artifacts/feed}"
build="${CAVIAR_PACK_ARTIFACTS:-$(mktemp -d /tmp/caviar-pack.XXXXXX)}"
mkdir -p "$feed"
dotnet pack "$repo/src/Caviar.Cli" -c Release -o "$feed" --artifacts-path "$build" -nologo -v quiet
version="$(sed -n 's#.*<Version>\(.*\)</Version>.*#\1#p' "$repo/Directory.Build.props" | head -1)"
if [[ $# -gt 0 ]]; then where=("$@"); else where=(--global); fi
dotnet tool uninstall "${where[@]}" Caviar.Cli >/dev/null 2>&1 || true
dotnet tool install "${where[@]}" Caviar.Cli --version "$version" --add-source "$feed" --ignore-failed-sources
echo "installed caviar $version; run: caviar --version"
