#!/usr/bin/env bash
# Measures the reference terminal simulator's capacity in one JVM: starts its own mosquitto on a
# free loopback port, runs `field-tools.jar simulate` with N terminals, and reports the time to
# connect them all, heap used after a full GC, threads, CPU over the last minute, heartbeats/s and
# the broker's own count of connected clients.
#
#   field-tools/scripts/simulator-capacity.sh [TERMINALS] [HEARTBEAT_S] [SECONDS] [XMX]
#   field-tools/scripts/simulator-capacity.sh 10000 60 240 512m      # the figures in docs
#
# Needs: mosquitto and mosquitto-clients (apt-get install mosquitto mosquitto-clients), a JDK
# (jcmd), and an open-file limit above TERMINALS for both processes (ulimit -n).
set -euo pipefail
TERMINALS=${1:-10000}
HEARTBEAT=${2:-60}
SECONDS_TO_RUN=${3:-240}
XMX=${4:-512m}
cd "$(dirname "$0")/../.."

for program in mosquitto mosquitto_sub jcmd; do
  command -v "$program" >/dev/null || {
    echo "$program is missing: apt-get install mosquitto mosquitto-clients (jcmd: the JDK)" >&2
    exit 2
  }
done
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -le $((TERMINALS + 100)) ]; then
  ulimit -n $((TERMINALS + 1000)) 2>/dev/null || {
    echo "the open-file limit $(ulimit -n) is too low for $TERMINALS connections" >&2
    exit 2
  }
fi
[ -f field-tools/target/field-tools.jar ] ||
  mvn -q -B -ntp -DskipTests -pl field-tools -am package

work=$(mktemp -d)
port=$(comm -23 <(seq 20000 40000 | sort) \
  <(ss -Htan | awk '{print $4}' | sed 's/.*://' | sort -u) | shuf -n 1)
cat >"$work/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
max_connections -1
persistence false
sys_interval 10
log_dest file $work/mosquitto.log
CONF
mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.out" 2>&1 &
broker=$!
sim=
cleanup() {
  [ -n "$sim" ] && kill "$sim" 2>/dev/null && wait "$sim" 2>/dev/null
  kill "$broker" 2>/dev/null
  wait "$broker" 2>/dev/null || true
}
trap cleanup EXIT
sleep 1

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

java "-Xmx$XMX" -jar field-tools/target/field-tools.jar simulate \
  --broker "tcp://127.0.0.1:$port" --terminals "$TERMINALS" --heartbeat "$HEARTBEAT" \
  --duration "$SECONDS_TO_RUN" >"$work/simulate.log" 2>&1 &
sim=$!

# CPU over the last minute of the run (after connecting and the first time-sync rounds).
sleep $((SECONDS_TO_RUN - 70))
hz=$(getconf CLK_TCK)
sim0=$(cpu_ticks "$sim")
broker0=$(cpu_ticks "$broker")
sleep 60
sim_cpu=$(( ($(cpu_ticks "$sim") - sim0) * 100 / (60 * hz) ))
broker_cpu=$(( ($(cpu_ticks "$broker") - broker0) * 100 / (60 * hz) ))
threads=$(ls "/proc/$sim/task" | wc -l)
rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$sim/status")
jcmd "$sim" GC.run >/dev/null
heap=$(jcmd "$sim" GC.heap_info | grep -Eo 'used [0-9]+K' | head -1 | grep -Eo '[0-9]+')
clients=$(mosquitto_sub -p "$port" -t '$SYS/broker/clients/connected' -C 1 -W 20 || echo "?")
wait "$sim" || true
sim=

echo "terminals:               $TERMINALS (heartbeat every $HEARTBEAT s, -Xmx$XMX)"
connected=$(grep -Eo 'all connected after [0-9.]+ s' "$work/simulate.log" | head -1 || true)
echo "connect:                 ${connected:-not all connected}"
echo "heap used after full GC: $((heap / 1024)) MB"
echo "resident memory (RSS):   $rss MB"
echo "threads:                 $threads"
echo "CPU, last minute:        simulator $sim_cpu% of one core, mosquitto $broker_cpu%"
echo "broker clients connected: $clients"
{ grep -Eo 'heartbeats [0-9.]+/s' "$work/simulate.log" || true; } | tail -6 |
  grep -Eo '[0-9.]+' | awk '{sum += $1} END {printf "heartbeats, last minute: %.1f/s\n", sum / NR}'
echo "last summary line:"
{ grep connected "$work/simulate.log" || true; } | tail -1
echo "(logs in $work)"
