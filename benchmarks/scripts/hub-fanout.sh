#!/usr/bin/env bash
# The hub's fan-out load scenario (docs/performance.md, "Hub: command fan-out to 10,000
# terminals"). Starts the hub (fresh data directory, embedded broker) in one JVM and the reference
# terminals in another, accepts every terminal through the API, then runs
# org.villagecast.benchmarks.load.HubFanout in a third JVM:
#
#   fanout     alternating rounds: HUB = SET_VOLUME to the whole area through POST /api/commands
#              (API call → each terminal's acknowledgedAt), RAW = one unsigned frame published on
#              vc/v1/all/cmd by a plain MQTT client (publish → each terminal's NACK UNSIGNED at that
#              client); then heap after a full GC and RSS.
#   heartbeat  the terminals heartbeat every PERIOD (from the start, and configured so by the hub at
#              acceptance); frames the hub handles per second and its CPU over RATE_WINDOW seconds;
#              then heap and RSS.
#
#   benchmarks/scripts/hub-fanout.sh fanout    [TERMINALS] [ROUNDS]
#   benchmarks/scripts/hub-fanout.sh heartbeat [TERMINALS] [PERIOD]
#   benchmarks/scripts/hub-fanout.sh fanout 10000 5        # the figures in docs/performance.md
#   benchmarks/scripts/hub-fanout.sh heartbeat 10000 2s
#
# Settings (environment): BROKER (embedded: the hub's own HiveMQ CE; mosquitto: a mosquitto
# started here, which the hub reaches through VILLAGECAST_BROKER_URL), HUB_XMX (1g), SIM_XMX (768m), CONNECT_RATE (25 terminals/s: each new terminal costs the hub four signed time sync answers),
# BROKER_PORT (18830), HTTP_PORT (18080), RATE_WINDOW (60 s), PROFILE=1 (a JFR recording of the
# hub during the measured phase, summarised by JfrTop), VILLAGECAST_ADMIN_SECRET (else random),
# MVN_FLAGS (e.g. -o) for the build, KEEP=1 (keep the work directory's data). Other VILLAGECAST_*
# variables reach the hub, e.g. VILLAGECAST_DELIVERY_FIRST_RETRY=30s.
# Needs a JDK 17 (java, jcmd), curl, an open-file limit above TERMINALS + 1000, and for
# BROKER=mosquitto the mosquitto package.
set -euo pipefail
MODE=${1:-fanout}
TERMINALS=${2:-10000}
case "$MODE" in
  fanout) ROUNDS=${3:-5}; PERIOD=60s ;;
  heartbeat) PERIOD=${3:-2s}; ROUNDS=0
    case "$PERIOD" in [0-9]*s) ;; *) echo "PERIOD is whole seconds, e.g. 2s" >&2; exit 2 ;; esac ;;
  *) echo "usage: $0 fanout|heartbeat [TERMINALS] [ROUNDS|PERIOD]" >&2; exit 2 ;;
esac
HUB_XMX=${HUB_XMX:-1g}
SIM_XMX=${SIM_XMX:-768m}
CONNECT_RATE=${CONNECT_RATE:-25}
BROKER_PORT=${BROKER_PORT:-18830}
HTTP_PORT=${HTTP_PORT:-18080}
RATE_WINDOW=${RATE_WINDOW:-60}
BROKER=${BROKER:-embedded}
AREA=320583
cd "$(dirname "$0")/../.."

for program in java jcmd curl; do
  command -v "$program" >/dev/null || { echo "$program is missing (a JDK 17, curl)" >&2; exit 2; }
done
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -le $((TERMINALS + 1000)) ]; then
  ulimit -n $((TERMINALS + 5000)) 2>/dev/null || {
    echo "the open-file limit $(ulimit -n) is too low for $TERMINALS connections" >&2
    exit 2
  }
fi
for port in "$BROKER_PORT" "$HTTP_PORT"; do
  if ss -Htln | awk '{print $4}' | grep -q ":$port\$"; then
    echo "port $port is in use: set BROKER_PORT / HTTP_PORT" >&2
    exit 2
  fi
done
if [ ! -f controller/target/villagecast-hub.jar ] || [ ! -f field-tools/target/field-tools.jar ] ||
  [ ! -f benchmarks/target/benchmarks.jar ] || [ "${BUILD:-0}" = 1 ]; then
  # shellcheck disable=SC2086
  mvn -B -ntp -q ${MVN_FLAGS:-} -DskipTests -Dspotless.check.skip=true \
    -pl controller,field-tools,benchmarks -am package
fi

work=$(mktemp -d /tmp/hub-fanout.XXXXXX)
# Private copies: a rebuild in the working tree must not change the jars of a running JVM.
cp controller/target/villagecast-hub.jar "$work/fanout-hub.jar"
cp field-tools/target/field-tools.jar "$work/fanout-terminals.jar"
cp benchmarks/target/benchmarks.jar "$work/fanout-driver.jar"
export VILLAGECAST_ADMIN_SECRET=${VILLAGECAST_ADMIN_SECRET:-$(head -c 24 /dev/urandom | base64 | tr -dc A-Za-z0-9)}

hub=
sim=
broker=
stop() { # pid: TERM, up to 30 s, then KILL
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 60); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$1" 2>/dev/null || true
}
cleanup() {
  stop "$sim"
  stop "$hub"
  stop "$broker"
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$work/data" "$work"/*.jar; fi
  echo "(logs in $work)"
}
trap cleanup EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)," \
  "$(java -version 2>&1 | head -1), load average $(load) at start"
echo "mode $MODE: $TERMINALS terminals in area $AREA, broker $BROKER, hub -Xmx$HUB_XMX," \
  "simulator -Xmx$SIM_XMX, heartbeat $PERIOD, connect rate $CONNECT_RATE/s," \
  "$(env | grep -E '^VILLAGECAST_(DELIVERY|TERMINAL)' | tr '\n' ' ' || true)work directory $work"

case "$BROKER" in
  embedded) ;;
  mosquitto)
    command -v mosquitto >/dev/null || { echo "mosquitto is missing: apt-get install mosquitto" >&2; exit 2; }
    # No limits on queued or in-flight QoS 1 messages: the hub and the client each take 10,000
    # answers at once. No persistence, as in the simulator capacity figures.
    cat >"$work/mosquitto.conf" <<CONF
listener $BROKER_PORT 127.0.0.1
allow_anonymous true
max_connections -1
max_queued_messages 0
max_inflight_messages 0
persistence false
log_dest file $work/mosquitto.log
CONF
    mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.out" 2>&1 &
    broker=$!
    export VILLAGECAST_BROKER_URL="tcp://127.0.0.1:$BROKER_PORT"
    sleep 1
    echo "mosquitto pid $broker ($(mosquitto -h 2>&1 | head -1))"
    ;;
  *) echo "BROKER is embedded or mosquitto" >&2; exit 2 ;;
esac

VILLAGECAST_BROKER_PORT=$BROKER_PORT VILLAGECAST_HTTP_PORT=$HTTP_PORT \
  VILLAGECAST_TERMINAL_HEARTBEAT=$PERIOD \
  java "-Xmx$HUB_XMX" -XX:+UseG1GC -jar "$work/fanout-hub.jar" --data "$work/data" \
  >"$work/hub.log" 2>&1 &
hub=$!
for _ in $(seq 240); do
  curl -sf "http://127.0.0.1:$HTTP_PORT/health" >/dev/null 2>&1 && break
  kill -0 "$hub" 2>/dev/null || { echo "the hub stopped; see $work/hub.log" >&2; tail -20 "$work/hub.log" >&2; exit 1; }
  sleep 0.5
done
echo "hub pid $hub up: $(grep -m1 -o 'API .*' "$work/hub.log" || echo "http://127.0.0.1:$HTTP_PORT")"

driver() {
  java -Xmx256m -cp "$work/fanout-driver.jar" org.villagecast.benchmarks.load.HubFanout \
    --api "http://127.0.0.1:$HTTP_PORT" --broker "tcp://127.0.0.1:$BROKER_PORT" \
    --terminals "$TERMINALS" --area "$AREA" --hub-pid "$hub" --sim-pid "${sim:-0}" --broker-pid "${broker:-0}" "$@" |
    tee -a "$work/driver.log"
}
profile_start() {
  [ "${PROFILE:-0}" = 1 ] || return 0
  jcmd "$hub" JFR.start name=hubfanout settings=profile filename="$work/hub.jfr" >/dev/null
}
profile_stop() {
  [ "${PROFILE:-0}" = 1 ] || return 0
  jcmd "$hub" JFR.stop name=hubfanout >/dev/null
  java -cp "$work/fanout-driver.jar" org.villagecast.benchmarks.load.JfrTop "$work/hub.jfr" 25 \
    >"$work/hub-profile.txt"
  echo "hub profile: $work/hub-profile.txt"
  sed -n '1,40p' "$work/hub-profile.txt"
}

# The driver listens before the first terminal connects: it follows every terminal's time sync.
driver --phases setup &
setup=$!
sleep 5
java "-Xmx$SIM_XMX" -jar "$work/fanout-terminals.jar" simulate \
  --broker "tcp://127.0.0.1:$BROKER_PORT" --terminals "$TERMINALS" --area "$AREA" \
  --hub-key "$work/data/keys/hub-key.pub" --connect-rate "$CONNECT_RATE" \
  --heartbeat "${PERIOD%s}" \
  >"$work/simulate.log" 2>&1 &
sim=$!
echo "simulator pid $sim"
wait "$setup"
echo "load average $(load) after setup"
if [ "$MODE" = fanout ]; then
  profile_start
  driver --phases fanout --rounds "$ROUNDS"
  profile_stop
else
  profile_start
  driver --phases rate --rate-window "$RATE_WINDOW"
  profile_stop
fi
echo "load average $(load) after the measurement"

# Heap: used at once after a full GC (the hub keeps allocating for its heartbeats meanwhile), and
# the live objects the class histogram counts (it runs a full GC itself).
jcmd "$hub" GC.run >/dev/null
heap_kb=$(jcmd "$hub" GC.heap_info | grep -Eo 'used [0-9]+K' | head -1 | grep -Eo '[0-9]+')
jcmd "$hub" GC.class_histogram >"$work/hub-histogram.txt" 2>&1 || true
live_bytes=$(awk '/^Total/ {print $3}' "$work/hub-histogram.txt")
rss_mb=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$hub/status")
threads=$(ls "/proc/$hub/task" | wc -l)
echo "RESULT hub.heap_after_gc_mb=$((heap_kb / 1024))"
echo "RESULT hub.heap_live_mb=$((live_bytes / 1048576))"
echo "RESULT hub.rss_mb=$rss_mb"
echo "RESULT hub.threads=$threads"
echo "RESULT hub.xmx=$HUB_XMX"
echo "largest classes on the hub heap (jcmd GC.class_histogram, $work/hub-histogram.txt):"
sed -n '4,15p' "$work/hub-histogram.txt"
{ grep connected "$work/simulate.log" || true; } | tail -1
grep -c ' WARN \| ERROR ' "$work/hub.log" | xargs echo "hub log warnings and errors:"
