#!/usr/bin/env bash
# Builds the example container images locally (no registry): a Debian 12 root file system with Python made by
# mmdebstrap from the machine's configured apt mirror and imported as local/caviar-debian-python:12 (once), then
# examples/containers/algo as local/caviar-example-algo:1, rebuilt only when its files change (the image carries the
# files' hash as the label caviar.content). Uses the project's containers.conf. Run as root.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/src/Caviar.Containers/containers.conf}"
base=local/caviar-debian-python:12
tag=local/caviar-example-algo:1
if ! podman image exists "$base"; then
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list)
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mmdebstrap --quiet --variant=apt --include=python3 bookworm "$work/rootfs.tar" "$mirror"
  podman import --quiet "$work/rootfs.tar" "$base" >/dev/null
fi
content=$(cd "$here/examples/containers/algo" && cat Containerfile algo.py | sha256sum | cut -c1-16)
current=$(podman image inspect --format '{{index .Config.Labels "caviar.content"}}' "$tag" 2>/dev/null || true)
if [ "$current" != "$content" ]; then
  podman build --quiet --label "caviar.content=$content" --tag "$tag" "$here/examples/containers/algo" >/dev/null
fi
echo "$tag"
