#!/usr/bin/env bash
# Installs the container engine the container tests use (run as root on Debian 12; idempotent): Podman with runc
# (crun's cgroup handling fails on this machine's hybrid cgroups), and mmdebstrap to make the example image's Debian
# root file system. Then builds the example image once (scripts/build-example-images.sh caches it by content).
# The engine's settings are the project's own src/Caviar.Containers/containers.conf (CONTAINERS_CONF), never /etc.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
needed=()
command -v podman >/dev/null || needed+=(podman)
command -v runc >/dev/null || needed+=(runc)
command -v mmdebstrap >/dev/null || needed+=(mmdebstrap)
if [ ${#needed[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${needed[@]}"
fi
"$here/scripts/build-example-images.sh"
