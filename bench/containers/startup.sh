#!/usr/bin/env bash
# Start-up cost a container adds per trial: the same one-epoch job of examples/containers/algo run by `caviar train`
# as a host command and from its image, alternately, ROUNDS times each; prints each side's median wall time, the
# difference (what the container adds per trial) and the ratio. Needs the example image (scripts/build-example-images.sh).
# Usage: bench/containers/startup.sh [ROUNDS]   (CAVIAR: the caviar command, default: a Release build made here)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-7}
image=$("$here/scripts/build-example-images.sh")
if [ -z "${CAVIAR:-}" ]; then
  dotnet build -c Release -v q -o /tmp/caviar-bench-containers "$here/src/Caviar.Cli" >/dev/null
  CAVIAR="dotnet /tmp/caviar-bench-containers/caviar.dll"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data"
python3 -c 'print("x,y"); [print(f"{i/10},{2*i/10+1}") for i in range(20)]' > "$work/data/train.csv"
spec() {  # NAME, then the job's way of running: "image" or "host"
  local how
  if [ "$2" = image ]; then how="\"image\": \"$image\""; else how="\"command\": [\"/usr/bin/python3\", \"$here/examples/containers/algo/algo.py\", \"train\"]"; fi
  cat > "$work/$1.json" <<JSON
{ "name": "$1", $how, "hyperParameters": { "epochs": 1 },
  "channels": [ { "name": "train", "path": "data" } ],
  "metricDefinitions": [ { "name": "loss", "regex": "epoch=(?<step>\\\\d+) loss=(?<value>\\\\S+)" } ] }
JSON
}
seconds() {  # runs caviar train on spec $1, prints its wall time
  local start end
  start=$(date +%s.%N)
  (cd "$work" && $CAVIAR train "$1.json" --artifacts "$work/artifacts" >/dev/null)
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.3f}')"
}
host=() boxed=()
for round in $(seq 1 "$rounds"); do
  spec "host-$round" host; spec "image-$round" image
  host+=("$(seconds "host-$round")")
  boxed+=("$(seconds "image-$round")")
done
python3 - "${host[*]}" "${boxed[*]}" <<'PY'
import statistics, sys
host = [float(x) for x in sys.argv[1].split()]; boxed = [float(x) for x in sys.argv[2].split()]
h, b = statistics.median(host), statistics.median(boxed)
print(f"rounds: {len(host)}")
print(f"host command  median {h:.3f} s  (all: {' '.join(f'{x:.2f}' for x in host)})")
print(f"container     median {b:.3f} s  (all: {' '.join(f'{x:.2f}' for x in boxed)})")
print(f"container adds {b - h:.3f} s per trial; ratio container/host {b / h:.2f}")
PY
