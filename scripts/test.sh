#!/usr/bin/env bash
# The test command (the README's second command; .ci/run calls it): installs what the tests need beyond the .NET SDK
# (Debian packages: python3, postgresql, chromium, dataset-fashion-mnist, slurm-wlm + munge; playwright-core from
# npm), starts a single-node Slurm cluster, runs `dotnet test`, and prints a plain "N passed, N failed" line.
# Run as root on Debian 12. Extra arguments go to `dotnet test` (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
scripts/start-slurm.sh
results="$(mktemp -d)"
status=0
dotnet test --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@" || status=$?
python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    counters = ET.parse(path).getroot().find("{*}ResultSummary/{*}Counters")
    passed += int(counters.get("passed", 0)); failed += int(counters.get("failed", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
