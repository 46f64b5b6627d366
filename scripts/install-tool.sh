#!/usr/bin/env bash
# Packs the `caviar` .NET tool from this clone into a local feed and installs it.
#   scripts/install-tool.sh                      # dotnet tool install --global (puts caviar on ~/.dotnet/tools)
#   scripts/install-tool.sh --tool-path DIR      # any `dotnet tool install` location flags instead of --global
#   scripts/install-tool.sh --neural [...]       # also the neural plugin, caviar-neural (mlp, cnn, optimize; ~460 MB)
# The feed (default ./artifacts/feed, or $CAVIAR_FEED) keeps the packages, for other machines or a later install.
# Packages are per platform; this packs this machine's only (CAVIAR_TOOL_RIDS="linux-x64;win-x64" for others).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
feed="${CAVIAR_FEED:-$repo/artifacts/feed}"
build="${CAVIAR_PACK_ARTIFACTS:-$(mktemp -d /tmp/caviar-pack.XXXXXX)}"
neural=false
if [[ "${1:-}" == "--neural" ]]; then neural=true; shift; fi
rid="$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)"
rids="${CAVIAR_TOOL_RIDS:-$rid}"
mkdir -p "$feed"
dotnet pack "$repo/src/Caviar.Cli" -c Release -o "$feed" --artifacts-path "$build" -nologo -v quiet "-p:CaviarToolRids=\"$rids\""
if $neural; then dotnet pack "$repo/src/Caviar.Neural" -c Release -o "$feed" --artifacts-path "$build" -nologo -v quiet; fi
version="$(sed -n 's#.*<Version>\(.*\)</Version>.*#\1#p' "$repo/Directory.Build.props" | head -1)"
if [[ $# -gt 0 ]]; then where=("$@"); else where=(--global); fi
packages=(Caviar.Cli)
if $neural; then packages+=(Caviar.Neural); fi
for package in "${packages[@]}"; do
  dotnet tool uninstall "${where[@]}" "$package" >/dev/null 2>&1 || true
  dotnet tool install "${where[@]}" "$package" --version "$version" --add-source "$feed" --ignore-failed-sources
done
# Where the command is: on PATH for --global (~/.dotnet/tools), else in the --tool-path folder.
run=caviar
for ((i = 0; i < ${#where[@]}; i++)); do
  if [[ "${where[$i]}" == "--tool-path" ]]; then run="${where[$((i + 1))]:-.}/caviar"; fi
done
echo "installed caviar $version$($neural && echo ' with the neural plugin'); run: $run --version"
