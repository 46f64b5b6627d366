#!/usr/bin/env bash
# Installs the peers the benchmarks under bench/ run side by side with (Debian 12 packages; run as root).
set -euo pipefail
if ! /usr/bin/python3 -c 'import optuna' 2>/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq python3-optuna
fi
