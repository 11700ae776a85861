#!/usr/bin/env bash
# A fleet on three silo processes with clustering and grain state in a throwaway PostgreSQL (.ci/postgres.sh), one silo
# killed with SIGKILL mid-fleet: every fit must complete, each key's result come back exactly once and equal its solo fit
# bit for bit (the client's --verify), and the database hold one row of grain state per fit (docs/orleans.md).
# Needs Samples/Cluster built in Release. The fleet must end within LIMIT seconds (default 300) of the kill: past that, the
# step prints the end of every silo's log and the client's, and the fit grain states and membership rows in PostgreSQL,
# and fails, so a hang costs CI five minutes and leaves what is needed to find it.
set -uo pipefail
cd "$(dirname "$0")/.."
fits=${FITS:-200}
limit=${LIMIT:-300}
work=$(mktemp -d /tmp/modelgen-cluster.XXXXXX)
chmod 755 "$work"
port=$(( 20000 + RANDOM % 20000 ))
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  bash .ci/postgres.sh stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT

cs=$(bash .ci/postgres.sh start "$work/pg" "$port") || { echo "cluster: PostgreSQL did not start"; exit 1; }
echo "cluster: PostgreSQL on 127.0.0.1:$port"
app=(dotnet Samples/Cluster/bin/Release/net10.0/Cluster.dll)
base=$(( 11000 + RANDOM % 1000 ))
for i in 0 1 2; do
  "${app[@]}" silo --connection "$cs" --silo-port $((base + i)) --gateway-port $((base + 100 + i)) >"$work/silo$i.log" 2>&1 &
  pids+=($!)
done
for i in 0 1 2; do
  for _ in $(seq 1 120); do grep -q "silo: up" "$work/silo$i.log" && break; sleep 0.5; done
  grep -q "silo: up" "$work/silo$i.log" || { echo "cluster: silo $i did not start"; cat "$work/silo$i.log"; exit 1; }
done
echo "cluster: three silos up (processes ${pids[*]})"

"${app[@]}" client --connection "$cs" --fits "$fits" --iterations 10000 --fleet ci --verify >"$work/client.log" 2>&1 &
client=$!
# Kill silo 1 once a fifth of the fleet is done: the rest are queued or running on all three.
for _ in $(seq 1 600); do grep -qE "^progress: [0-9]+/$fits" "$work/client.log" && break; sleep 0.2; done
grep -qE "^progress: [0-9]+/$fits" "$work/client.log" || { echo "cluster: the fleet made no progress"; cat "$work/client.log"; exit 1; }
kill -9 "${pids[1]}"
echo "cluster: killed silo 1 (SIGKILL) at: $(grep -E '^progress' "$work/client.log" | tail -n 1)"
psql=(psql -h 127.0.0.1 -p "$port" -U postgres -d orleans)
waited=0
while kill -0 "$client" 2>/dev/null && [ "$waited" -lt $(( limit * 5 )) ]; do sleep 0.2; waited=$(( waited + 1 )); done
if kill -0 "$client" 2>/dev/null; then
  echo "cluster: the fleet did not end within $limit s of the kill; what the processes and the database show:"
  for i in 0 1 2; do
    echo "--- silo $i (process ${pids[$i]}$(kill -0 "${pids[$i]}" 2>/dev/null && echo ", running" || echo ", gone")): last 60 lines"
    tail -n 60 "$work/silo$i.log"
  done
  echo "--- client: last 60 lines"; tail -n 60 "$work/client.log"
  echo "--- CPU (percent of one core over each process's life) of the client and the silos still running"
  for pid in "$client" "${pids[@]}"; do ps --no-headers -o pid=,pcpu=,etime=,args= -p "$pid" || true; done
  echo "--- membership"
  "${psql[@]}" -c "SELECT address, port, generation, hostname, status, iamalivetime, suspecttimes FROM OrleansMembershipTable ORDER BY port, generation"
  echo "--- fit grain states: with and without a result (in the payload) and by version"
  "${psql[@]}" -c "SELECT count(*) AS states, min(version) AS min_version, max(version) AS max_version, max(modifiedon) AS last_write FROM OrleansStorage WHERE graintypestring = 'fit'"
  "${psql[@]}" -c "SELECT grainidextensionstring AS grain, version, modifiedon FROM OrleansStorage WHERE graintypestring = 'fit' ORDER BY modifiedon DESC LIMIT 25"
  kill -9 "$client" 2>/dev/null
  exit 1
fi
wait "$client"; status=$?
cat "$work/client.log"
rows=$("${psql[@]}" -tA -c "SELECT count(*) FROM OrleansStorage WHERE graintypestring = 'fit'")
echo "cluster: the database holds $rows fit grain states for $fits fits"
[ "$status" -eq 0 ] || { echo "cluster: the client failed ($status)"; exit 1; }
[ "$rows" -eq "$fits" ] || { echo "cluster: expected $fits fit grain states"; exit 1; }
grep -q "verify: $fits of $fits results equal their solo fit bit for bit" "$work/client.log" || exit 1
echo "cluster: passed"
