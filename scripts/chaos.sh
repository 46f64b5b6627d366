#!/usr/bin/env bash
# Fault injection: a tuning job over a script-mode training job, run by a tuner (`caviar tune --resume`) and a worker
# fleet (`caviar worker`) sharing a private PostgreSQL store, while this script SIGKILLs tuners (some the instant after a
# trial is created), runners, jobs and workers at random moments and fills the artifacts' tmpfs. At the end it lets
# the job finish and checks every invariant:
#   trial count exact, numbers unique (0..N-1), every trial has its values, no trial left Running/Waiting,
#   every Completed trial's job ran to completion exactly once and its stored value equals the value it printed.
# Usage (as root, for the tmpfs and PostgreSQL): scripts/chaos.sh [KILLS] [TRIALS]
#   CAVIAR="dotnet path/caviar.dll" (default: builds src/Caviar.Cli into /tmp/caviar-chaos-bin), SEED, WORKERS.
# Prints one line per invariant (ok/FAIL) and exits 1 if any failed.
set -uo pipefail
kills=${1:-200}
trials=${2:-120}
workers=${WORKERS:-2}
seed=${SEED:-$$}
RANDOM=$seed
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/caviar-chaos-XXXXXX)
chmod 755 "$work"   # the postgres user creates its server inside
artifacts=$work/artifacts
ledger=$work/ledger
log=$work/chaos.log
echo "chaos: $kills kills, $trials trials, $workers workers, seed $seed, in $work"
exec 2>>"$log"   # bash's "Killed" notices and the tools' errors go to the log

if [ -z "${CAVIAR:-}" ]; then
  dotnet build "$root/src/Caviar.Cli" -o /tmp/caviar-chaos-bin >/dev/null || { echo "build failed"; exit 2; }
  CAVIAR="dotnet /tmp/caviar-chaos-bin/caviar.dll"
fi
read -r -a caviar <<<"$CAVIAR"

# A private PostgreSQL server on a free port, and a fresh database. Ports are drawn below Linux's ephemeral range
# (32768 on): a drawn port inside it was once taken by a client connection of the test suite running beside this.
# A port still taken by another program is drawn again (up to 5 tries).
base_url=""
for try in 1 2 3 4 5; do
  port=$(( 20000 + RANDOM % 12000 ))
  if base_url=$("$root/scripts/start-postgres.sh" "$work/pg" "$port"); then break; fi
  base_url=""
  rm -rf "$work/pg"
done
[ -n "$base_url" ] || { echo "cannot start PostgreSQL"; exit 2; }
psql_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql
"$psql_bin" "$base_url" -qc "CREATE DATABASE chaos" >/dev/null
store="postgres://caviar@127.0.0.1:$port/chaos"
sql() { "$psql_bin" "$store" -qtAc "$1" 2>/dev/null; }

mkdir -p "$artifacts"
if ! mount -t tmpfs -o size=64m tmpfs "$artifacts" 2>>"$log"; then
  echo "note: mounting a tmpfs is not permitted here; the disk-full faults are skipped"
  tmpfs=0
else
  tmpfs=1
fi

cleanup() {
  for pid in $(jobs -p); do kill -9 "$pid" 2>/dev/null; done
  # Runners and jobs run detached; each names this run's own folder in its command line.
  for pid in $(pgrep -f -- "$work/"); do [ "$pid" != $$ ] && kill -9 "$pid" 2>/dev/null; done
  [ "$tmpfs" = 1 ] && umount -l "$artifacts"
  as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  as_owner "$(dirname "$psql_bin")/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1
}
trap cleanup EXIT

# The job: 3 epochs with a checkpoint each; the value it prints is its loss; its last act is one ledger line.
cat >"$work/job.sh" <<'JOB'
x=$(sed -n 's/.*"x": *\([-0-9.eE+]*\).*/\1/p' "$CAVIAR_HYPERPARAMETERS")
start=1
[ -f "$CAVIAR_CHECKPOINT_DIR/epoch" ] && start=$(( $(cat "$CAVIAR_CHECKPOINT_DIR/epoch") + 1 ))
for e in $(seq $start 3); do
  sleep 0.$(( RANDOM % 5 ))
  loss=$(awk -v x="$x" -v e="$e" 'BEGIN { printf "%.6f", (x-0.3)^2 + 1/e }')
  echo "epoch=$e loss=$loss"
  echo $e > "$CAVIAR_CHECKPOINT_DIR/epoch.tmp" && mv "$CAVIAR_CHECKPOINT_DIR/epoch.tmp" "$CAVIAR_CHECKPOINT_DIR/epoch"
done
loss=$(awk -v x="$x" 'BEGIN { printf "%.6f", (x-0.3)^2 + 1/3 }')
echo "$CAVIAR_JOB_NAME $loss" >> "$LEDGER"
JOB
cat >"$work/spec.json" <<SPEC
{
  "name": "chaos",
  "objective": { "type": "Minimize", "metricName": "loss" },
  "trainingJob": {
    "command": ["/bin/bash", "$work/job.sh"],
    "metricDefinitions": [ { "name": "loss", "regex": "epoch=(?<step>\\\\d+) loss=(?<value>\\\\S+)" } ],
    "environment": { "LEDGER": "$ledger" },
    "retryStrategy": { "maximumRetryAttempts": 3 }
  },
  "strategy": "Random",
  "seed": $seed,
  "hyperParameterRanges": [ { "type": "continuous", "name": "x", "minValue": 0, "maxValue": 1 } ],
  "limits": { "maxTrials": $trials, "maxParallel": 2 }
}
SPEC

common=(--store "$store" --artifacts "$artifacts")
tuner=0
declare -a fleet
start_tuner() { "${caviar[@]}" tune "$work/spec.json" --resume "${common[@]}" >>"$work/tuner.log" 2>&1 & tuner=$!; }
start_worker() { "${caviar[@]}" worker "$work/spec.json" "${common[@]}" --heartbeat 1 --stale-after 4 >>"$work/workers.log" 2>&1 & fleet[$1]=$!; }
alive() { [ "$1" -gt 0 ] && kill -0 "$1" 2>/dev/null; }
done_count() { sql "SELECT count(*) FROM trials t JOIN studies s ON s.id = t.study_id WHERE s.name = 'chaos' AND t.state NOT IN ('Running', 'Waiting')"; }
trial_count() { sql "SELECT count(*) FROM trials"; }

"${caviar[@]}" tune "$work/spec.json" "${common[@]}" >>"$work/tuner.log" 2>&1 & tuner=$!   # creates the study
sleep 3
for i in $(seq 1 "$workers"); do start_worker "$i"; done

declare -A killed=()
count=0
refused=0
ran_alone=0
beside=0
filled=0
while [ "$count" -lt "$kills" ]; do
  # Keep the fleet up: a dead tuner is replaced at once (its lease names a dead process, so it is taken over).
  alive "$tuner" || start_tuner
  for i in $(seq 1 "$workers"); do alive "${fleet[$i]:-0}" || start_worker "$i"; done
  [ "$(done_count)" -ge "$trials" ] && { echo "all trials finished after $count kills; adding trials"; \
      trials=$(( trials + 40 )); sed -i "s/\"maxTrials\": [0-9]*/\"maxTrials\": $trials/" "$work/spec.json"; }
  sleep "0.$(( RANDOM % 9 + 1 ))"
  case $(( RANDOM % 11 )) in
    0|1) target=tuner; pid=$tuner ;;
    2)   # the instant after a trial is created
         target=tuner-after-create; before=$(trial_count)
         for _ in $(seq 1 100); do [ "$(trial_count)" != "$before" ] && break; sleep 0.02; done
         pid=$tuner ;;
    3|4) target=runner; pid=$(pgrep -f -- "job-run (--standby )?$artifacts/" | shuf -n 1 --random-source=<(yes $RANDOM)) ;;
    5|6) target=job; pid=$(pgrep -f -- "$work/job.sh" | shuf -n 1 --random-source=<(yes $RANDOM)) ;;
    7|8) target=worker; pid=${fleet[$(( RANDOM % workers + 1 ))]} ;;
    9)   # a second tuner on the owned study must be refused (exit 2), not take trials over
         holder=$(sql "SELECT process_id FROM study_leases")
         "${caviar[@]}" tune "$work/spec.json" --resume "${common[@]}" >"$work/second.log" 2>&1
         code=$?
         [ "$code" = 2 ] && grep -q "is being tuned by" "$work/second.log" && refused=$(( refused + 1 ))
         # Running is right when no live process held the lease (the owner had just finished or been killed).
         if [ "$code" = 0 ]; then
           if [ -n "$holder" ] && kill -0 "$holder" 2>/dev/null; then beside=$(( beside + 1 )); else ran_alone=$(( ran_alone + 1 )); fi
         fi
         continue ;;
    10)  # fill the disk for a few seconds, then free it
         if [ "$tmpfs" = 1 ]; then
           dd if=/dev/zero of="$artifacts/filler" bs=1M count=100 >/dev/null 2>&1
           filled=$(( filled + 1 )); sleep 3; rm -f "$artifacts/filler"
         fi
         continue ;;
  esac
  [ -n "${pid:-}" ] && [ "$pid" -gt 0 ] && kill -9 "$pid" 2>/dev/null && { count=$(( count + 1 )); killed[$target]=$(( ${killed[$target]:-0} + 1 )); }
done
echo "kills: $count ($(for k in "${!killed[@]}"; do printf '%s=%s ' "$k" "${killed[$k]}"; done)); second tuners refused: $refused, ran with no live owner: $ran_alone; disk filled: $filled times"

# Let the job finish: one tuner (restarted while it halts on a full disk or is refused while a dead owner is noticed)
# and one worker for requeued trials.
rm -f "$artifacts/filler"
for i in $(seq 1 "$workers"); do alive "${fleet[$i]:-0}" && kill -9 "${fleet[$i]}"; done
start_worker 1
deadline=$(( SECONDS + 600 ))
while [ "$(done_count)" -lt "$trials" ] && [ $SECONDS -lt $deadline ]; do
  alive "$tuner" || start_tuner
  alive "${fleet[1]}" || start_worker 1
  sleep 1
done
wait "$tuner" 2>/dev/null; wait "${fleet[1]}" 2>/dev/null

failures=0
check() { if [ "$2" = "$3" ]; then echo "ok   $1 ($2)"; else echo "FAIL $1: expected $3, got $2"; failures=$(( failures + 1 )); fi; }
check "trial count exact" "$(trial_count)" "$trials"
check "trial numbers unique, 0..N-1" "$(sql "SELECT count(DISTINCT number) || ',' || min(number) || ',' || max(number) FROM trials")" "$trials,0,$(( trials - 1 ))"
check "every trial has its values" "$(sql "SELECT count(*) FROM trials t WHERE NOT EXISTS (SELECT 1 FROM trial_params p WHERE p.trial_id = t.id AND p.name = 'x')")" 0
check "second tuners that ran beside a live owner" "$beside" 0
check "no trial left Running or Waiting" "$(sql "SELECT count(*) FROM trials WHERE state IN ('Running', 'Waiting')")" 0
sql "SELECT number, value FROM trials WHERE state = 'Completed' ORDER BY number" >"$work/completed"
twice=0; mismatched=0; missing=0
while IFS='|' read -r number value; do
  name=$(printf 'chaos-%04d' "$number")
  lines=$(grep -c "^$name " "$ledger")
  [ "$lines" -gt 1 ] && twice=$(( twice + 1 )) && echo "ran $lines times: $name" >>"$log" \
    && mkdir -p "$work/kept" && cp -r "$artifacts/jobs/$name" "$work/kept/" 2>/dev/null
  [ "$lines" = 0 ] && missing=$(( missing + 1 )) && echo "never completed: $name" >>"$log"
  printed=$(grep "^$name " "$ledger" | tail -n 1 | cut -d' ' -f2)
  [ "$lines" -gt 0 ] && ! awk -v a="$printed" -v b="$value" 'BEGIN { exit !(sprintf("%.6f", a) == sprintf("%.6f", b)) }' \
    && mismatched=$(( mismatched + 1 )) && echo "value differs: $name printed $printed stored $value" >>"$log" \
    && mkdir -p "$work/kept" && cp -r "$artifacts/jobs/$name" "$work/kept/" 2>/dev/null
done <"$work/completed"
check "completed trials whose job never completed" "$missing" 0
check "completed trials whose job completed more than once" "$twice" 0
check "completed trials whose stored value differs from the printed one" "$mismatched" 0
echo "states: $(sql "SELECT string_agg(state || '=' || n, ' ') FROM (SELECT state, count(*) AS n FROM trials GROUP BY state) s")"
echo "failure reasons: $(sql "SELECT string_agg(DISTINCT regexp_replace(failure_reason, 'chaos-[0-9]+', 'chaos-N'), ' | ') FROM trials WHERE state = 'Failed'")"
echo "details: $log (the job folders of the trials that broke an invariant: $work/kept)"
[ "$failures" = 0 ]
