#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK on a fresh Debian 12 machine (run as root; idempotent):
# Debian's Python for the example Python training job, the basic tools the job scripts use, and Fashion-MNIST
# (dataset-fashion-mnist, IDX files in /usr/share/datasets/fashion-mnist) for the built-in algorithms, and
# PostgreSQL's server binaries (the tests start private servers of their own in temporary folders), and Chromium
# for the dashboard's end-to-end tests (run headless).
set -euo pipefail
needed=()
[ -x /usr/bin/python3 ] || needed+=(python3)
# The Python client's install test: venv, pip, setuptools and wheel from Debian (pip install --no-build-isolation).
/usr/bin/python3 -c 'import ensurepip, venv' 2>/dev/null || needed+=(python3-venv)
/usr/bin/python3 -c 'import pip, setuptools, wheel' 2>/dev/null || needed+=(python3-pip python3-setuptools python3-wheel)
command -v setsid >/dev/null || needed+=(util-linux)
command -v awk >/dev/null || needed+=(mawk)
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || needed+=(dataset-fashion-mnist)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || needed+=(postgresql)
[ -x /usr/bin/chromium ] || needed+=(chromium)
ls /usr/lib/x86_64-linux-gnu/libgomp.so.1 >/dev/null 2>&1 || needed+=(libgomp1)   # OpenMP, for gbt's lib_lightgbm
/usr/bin/python3 -c "import torch" 2>/dev/null || needed+=(python3-torch)   # examples/distributed (DDP, gloo)
if [ ${#needed[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${needed[@]}"
fi

# Podman, runc and mmdebstrap for the container tests, and the example image they run (built once, cached by content).
"$(dirname "$0")/install-container-deps.sh" >/dev/null

# Playwright (playwright-core only: it drives Debian's Chromium, no browser download) for the dashboard's click-through test.
here=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -d "$here/tests/dashboard-e2e/node_modules/playwright-core" ]; then
  (cd "$here/tests/dashboard-e2e" && npm ci --no-audit --no-fund >/dev/null)
fi
