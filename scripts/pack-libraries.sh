#!/usr/bin/env bash
# Packs Caviar's library packages (one version for all, Directory.Build.props) into a local feed.
#   scripts/pack-libraries.sh                        # every library into ./artifacts/feed (or $CAVIAR_FEED)
#   scripts/pack-libraries.sh Caviar.Core ...        # only these
# Then, in a project: dotnet add package Caviar.Storage.Sqlite --source artifacts/feed
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
feed="${CAVIAR_FEED:-$repo/artifacts/feed}"
build="${CAVIAR_PACK_ARTIFACTS:-$(mktemp -d /tmp/caviar-pack.XXXXXX)}"
if [[ $# -gt 0 ]]; then libraries=("$@"); else
  libraries=(Caviar.Core Caviar.Storage.Sqlite Caviar.Storage.Postgres Caviar.Jobs Caviar.Launchers.Kubernetes Caviar.Containers Caviar.Algorithms Caviar.Plots Caviar.Server Caviar.Serving)
fi
mkdir -p "$feed"
for library in "${libraries[@]}"; do
  dotnet pack "$repo/src/$library" -c Release -o "$feed" --artifacts-path "$build" -nologo -v quiet
done
echo "packed ${libraries[*]} into $feed"
