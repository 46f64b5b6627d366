#!/usr/bin/env bash
# Issue 12's GPU check, for a machine with an NVIDIA GPU and PyTorch but no .NET: publish the check here
# (self-contained, linux-x64), run it there. Prints nvidia-smi -L, the GPUs Caviar finds, two one-GPU jobs on a
# one-GPU host (the second waits) and their efficiency lines. Usage: scripts/gpu-check.sh publish | run OUTDIR
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  publish) dotnet publish tools/Caviar.GpuCheck -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true \
             -p:TrimMode=partial -p:JsonSerializerIsReflectionEnabledByDefault=true \
             -p:SuppressTrimAnalysisWarnings=true -p:TreatWarningsAsErrors=false -o gpu-check-bin ;;
  run) out="${2:-.}"; { nvidia-smi -L; nvidia-smi --query-gpu=index,name,utilization.gpu,memory.used --format=csv;
         ./gpu-check-bin/Caviar.GpuCheck /tmp/caviar-gpu-check python3; } 2>&1 | tee "$out/gpu-check.txt" ;;
  *) echo "usage: $0 publish | run OUTDIR" >&2; exit 2 ;;
esac
