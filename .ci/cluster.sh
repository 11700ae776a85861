#!/usr/bin/env bash
# A fleet on three silo processes with clustering, grain state and reminders in a throwaway PostgreSQL (.ci/postgres.sh),
# submitted and left, one silo killed with SIGKILL mid-fleet: every fit must complete with no driver (the reminders resume
# the killed silo's fits on the others), then a client collects: each key's result exactly once and equal to its solo fit
# bit for bit (--verify), some fits resumed by their reminder, and the database holding one row of grain state per fit
# and no reminder row (docs/orleans.md).
# Needs Samples/Cluster built in Release. The fleet must end within LIMIT seconds (default 300) of the kill: past that, the
# step prints the end of every silo's log, and the membership, reminder and fit grain state rows in PostgreSQL,
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

# The fleet is submitted and left (no driver polls it): the fits' reminders (ADO.NET, in PostgreSQL) must carry every
# fit of the killed silo to a live one.
"${app[@]}" client --connection "$cs" --fits "$fits" --iterations 10000 --fleet ci --submit >"$work/submit.log" 2>&1 \
  || { echo "cluster: the submission failed"; cat "$work/submit.log"; exit 1; }
kill -9 "${pids[1]}"
psql=(psql -h 127.0.0.1 -p "$port" -U postgres -d orleans)
reminders() { "${psql[@]}" -tA -c "SELECT count(*) FROM OrleansRemindersTable WHERE remindername = 'resume'"; }
cat "$work/submit.log"
echo "cluster: killed silo 1 (SIGKILL) with $(reminders) of $fits fits unfinished (their reminder rows); no client runs until every fit is finished"
waited=0
while [ "$(reminders)" -ne 0 ] && [ "$waited" -lt $(( limit * 2 )) ]; do sleep 0.5; waited=$(( waited + 1 )); done
left=$(reminders)
if [ "$left" -ne 0 ]; then
  echo "cluster: $left fits were unfinished $limit s after the kill; what the processes and the database show:"
  for i in 0 1 2; do
    echo "--- silo $i (process ${pids[$i]}$(kill -0 "${pids[$i]}" 2>/dev/null && echo ", running" || echo ", gone")): last 60 lines"
    tail -n 60 "$work/silo$i.log"
  done
  echo "--- CPU (percent of one core over each process's life) of the silos still running"
  for pid in "${pids[@]}"; do ps --no-headers -o pid=,pcpu=,etime=,args= -p "$pid" || true; done
  echo "--- membership"
  "${psql[@]}" -c "SELECT address, port, generation, hostname, status, iamalivetime, suspecttimes FROM OrleansMembershipTable ORDER BY port, generation"
  echo "--- reminders left"
  "${psql[@]}" -c "SELECT grainid, remindername, starttime, period, version FROM OrleansRemindersTable ORDER BY grainid LIMIT 25"
  echo "--- fit grain states by version"
  "${psql[@]}" -c "SELECT count(*) AS states, min(version) AS min_version, max(version) AS max_version, max(modifiedon) AS last_write FROM OrleansStorage WHERE graintypestring = 'fit'"
  exit 1
fi
echo "cluster: every fit finished $(( waited / 2 )) s after the kill, carried by reminders alone; collecting"
"${app[@]}" client --connection "$cs" --fits "$fits" --iterations 10000 --fleet ci --verify >"$work/client.log" 2>&1; status=$?
cat "$work/client.log"
rows=$("${psql[@]}" -tA -c "SELECT count(*) FROM OrleansStorage WHERE graintypestring = 'fit'")
echo "cluster: the database holds $rows fit grain states for $fits fits and $(reminders) reminder rows"
[ "$status" -eq 0 ] || { echo "cluster: the client failed ($status)"; exit 1; }
[ "$rows" -eq "$fits" ] || { echo "cluster: expected $fits fit grain states"; exit 1; }
[ "$(reminders)" -eq 0 ] || { echo "cluster: expected no reminder rows once every fit finished"; exit 1; }
grep -q "verify: $fits of $fits results equal their solo fit bit for bit" "$work/client.log" || exit 1
grep -qE "^reminders: [1-9][0-9]* fits resumed by their reminder" "$work/client.log" \
  || { echo "cluster: no fit was resumed by its reminder (the kill found none of silo 1's fits unfinished?)"; exit 1; }
echo "cluster: passed"
