#!/usr/bin/env bash
# Installs the peers the benchmarks under bench/ run side by side with (Debian 12 packages; run as root).
set -euo pipefail
# Optuna 3.1 (tuning), PyTorch 1.13 (MLP epochs), XGBoost 1.7 and scikit-learn (trees), Fashion-MNIST, and
# psycopg2 (Optuna's RDBStorage on PostgreSQL), FastAPI + uvicorn and wrk (the serving benchmark's peer and load), OpenBLAS: without it Debian's PyTorch falls back to the reference BLAS and runs about 3x slower, an unfair peer.
if ! /usr/bin/python3 -c 'import optuna, torch, xgboost, sklearn, psycopg2, fastapi, uvicorn' 2>/dev/null \
   || [ ! -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ] \
   || [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || ! command -v wrk >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq python3-optuna python3-torch python3-xgboost python3-sklearn python3-psycopg2 dataset-fashion-mnist libopenblas0-pthread \
    python3-fastapi python3-uvicorn wrk
fi
