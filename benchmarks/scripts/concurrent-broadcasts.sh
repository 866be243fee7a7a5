#!/usr/bin/env bash
# Many broadcasts at once (docs/performance.md, "Broadcasts: 50 at once"). Starts the hub (fresh
# data directory, embedded broker unless BROKER=mosquitto) in one JVM and VILLAGES x 4 reference
# terminals (the simulator's demo county: 4 terminals per village) in another, accepts every
# terminal through the API (HubFanout's setup phase), then runs
# org.villagecast.benchmarks.load.ConcurrentBroadcasts in a third JVM for ROUNDS rounds. Each
# round requests VILLAGES broadcasts at once, one per village (the village's notice twice with
# chimes over a spoken county bulletin, about 73 s), and measures:
#   - frames late at the hub (published after their presentation time: an underrun) and the least
#     headroom, from the hub's log line at the end of each broadcast;
#   - frames missed at the terminals, from each PLAY's command report;
#   - the hub's CPU while all of them play, and over the round;
#   - the hub's heap after a full GC (jcmd GC.run, GC.heap_info) idle and with all playing, and
#     RSS: memory per broadcast = (playing - idle after the round) / VILLAGES.
#
#   benchmarks/scripts/concurrent-broadcasts.sh [VILLAGES] [ROUNDS]
#   benchmarks/scripts/concurrent-broadcasts.sh 50 3        # the figures in docs/performance.md
#   DRIVER_OPTIONS="--modes scheduled,together --start-in 300" ...  # other rounds (default:
#   scheduled,scheduled,together; a scheduled round starts all broadcasts at one time once all
#   are rendered, a together round each as soon as it is rendered)
#
# Settings (environment): BROKER (embedded | mosquitto), HUB_XMX (3g), SIM_XMX (512m),
# CONNECT_RATE (25/s), BROKER_PORT (18831), HTTP_PORT (18081), VILLAGECAST_ADMIN_SECRET (else
# random), MVN_FLAGS (e.g. -o) for the build, BUILD=1 (rebuild the jars), KEEP=1 (keep the data).
# DRIVER_OPTIONS (more options for ConcurrentBroadcasts), HUB_JAVA_OPTIONS (more JVM options for the
# hub, e.g. -XX:StartFlightRecording=filename=hub.jfr). Other VILLAGECAST_* variables reach the
# hub, e.g. VILLAGECAST_BROADCAST_AUDIO_LEAD=2s.
# Needs a JDK 17 (java, jcmd), curl, espeak-ng (the hub speaks the notices), and for
# BROKER=mosquitto the mosquitto package.
set -euo pipefail
VILLAGES=${1:-50}
ROUNDS=${2:-3}
TERMINALS=$((VILLAGES * 4))
HUB_XMX=${HUB_XMX:-3g}
SIM_XMX=${SIM_XMX:-512m}
CONNECT_RATE=${CONNECT_RATE:-25}
BROKER_PORT=${BROKER_PORT:-18831}
HTTP_PORT=${HTTP_PORT:-18081}
BROKER=${BROKER:-embedded}
AREA=320583
cd "$(dirname "$0")/../.."

for program in java jcmd curl espeak-ng; do
  command -v "$program" >/dev/null || { echo "$program is missing (a JDK 17, curl, espeak-ng)" >&2; exit 2; }
done
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

work=$(mktemp -d /tmp/concurrent-broadcasts.XXXXXX)
# Private copies: a rebuild in the working tree must not change the jars of a running JVM.
cp controller/target/villagecast-hub.jar "$work/cb-hub.jar"
cp field-tools/target/field-tools.jar "$work/cb-terminals.jar"
cp benchmarks/target/benchmarks.jar "$work/cb-driver.jar"
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
  "$(java -version 2>&1 | head -1), load average $(load) at start, $(date -u +%H:%M) UTC"
echo "$VILLAGES villages x 4 terminals = $TERMINALS terminals in area $AREA, $ROUNDS rounds," \
  "broker $BROKER, hub -Xmx$HUB_XMX, simulator -Xmx$SIM_XMX, work directory $work"

case "$BROKER" in
  embedded) ;;
  mosquitto)
    command -v mosquitto >/dev/null || { echo "mosquitto is missing: apt-get install mosquitto" >&2; exit 2; }
    cat >"$work/mosquitto.conf" <<CONF
listener $BROKER_PORT 127.0.0.1
allow_anonymous true
max_queued_messages 0
max_inflight_messages 0
persistence false
log_dest file $work/mosquitto.log
CONF
    mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.out" 2>&1 &
    broker=$!
    export VILLAGECAST_BROKER_URL="tcp://127.0.0.1:$BROKER_PORT"
    sleep 1
    ;;
  *) echo "BROKER is embedded or mosquitto" >&2; exit 2 ;;
esac

# No quiet hours on the terminals: the default 22:00-06:00 (UTC+8) would have them refuse every
# notice when the scenario runs in the evening of UTC (NACK QUIET_HOURS). The GC log shows how
# long the full collections of the heap readings stopped the hub.
VILLAGECAST_BROKER_PORT=$BROKER_PORT VILLAGECAST_HTTP_PORT=$HTTP_PORT \
  VILLAGECAST_TERMINAL_QUIET_START=${VILLAGECAST_TERMINAL_QUIET_START:-00:00} \
  VILLAGECAST_TERMINAL_QUIET_END=${VILLAGECAST_TERMINAL_QUIET_END:-00:00} \
  java "-Xmx$HUB_XMX" -XX:+UseG1GC "-Xlog:gc:file=$work/hub-gc.log" ${HUB_JAVA_OPTIONS:-} \
  -jar "$work/cb-hub.jar" --data "$work/data" >"$work/hub.log" 2>&1 &
hub=$!
for _ in $(seq 240); do
  curl -sf "http://127.0.0.1:$HTTP_PORT/health" >/dev/null 2>&1 && break
  kill -0 "$hub" 2>/dev/null || { echo "the hub stopped; see $work/hub.log" >&2; tail -20 "$work/hub.log" >&2; exit 1; }
  sleep 0.5
done
echo "hub pid $hub up on http://127.0.0.1:$HTTP_PORT"

# Setup as in hub-fanout.sh: the driver listens before the first terminal connects.
java -Xmx256m -cp "$work/cb-driver.jar" org.villagecast.benchmarks.load.HubFanout \
  --api "http://127.0.0.1:$HTTP_PORT" --broker "tcp://127.0.0.1:$BROKER_PORT" \
  --terminals "$TERMINALS" --area "$AREA" --hub-pid "$hub" --phases setup --settle 5 \
  >"$work/setup.log" 2>&1 &
setup=$!
sleep 5
java "-Xmx$SIM_XMX" -jar "$work/cb-terminals.jar" simulate \
  --broker "tcp://127.0.0.1:$BROKER_PORT" --terminals "$TERMINALS" --area "$AREA" \
  --hub-key "$work/data/keys/hub-key.pub" --connect-rate "$CONNECT_RATE" \
  >"$work/simulate.log" 2>&1 &
sim=$!
echo "simulator pid $sim"
wait "$setup" || { echo "setup failed; see $work/setup.log" >&2; tail -20 "$work/setup.log" >&2; exit 1; }
grep RESULT "$work/setup.log" || true
echo "load average $(load) after setup, $(date -u +%H:%M:%S) UTC"

java -Xmx256m -cp "$work/cb-driver.jar" org.villagecast.benchmarks.load.ConcurrentBroadcasts \
  --api "http://127.0.0.1:$HTTP_PORT" --area "$AREA" --villages "$VILLAGES" --per-village 4 \
  --rounds "$ROUNDS" --hub-pid "$hub" --sim-pid "$sim" --hub-log "$work/hub.log" \
  ${DRIVER_OPTIONS:-} | tee "$work/driver.log"
echo "load average $(load) after the rounds, $(date -u +%H:%M:%S) UTC"
echo "full collections of the hub (jcmd GC.run; pause):"
grep -E 'Pause Full' "$work/hub-gc.log" | sed -E 's/.*\) //' | tr '\n' ';' || true
echo
echo "longest young-collection pause: $(grep -E 'Pause Young' "$work/hub-gc.log" |
  grep -Eo '[0-9.]+ms$' | sort -g | tail -1 || true)"
echo "hub threads $(ls "/proc/$hub/task" | wc -l); hub log warnings and errors:" \
  "$(grep -c ' WARN \| ERROR ' "$work/hub.log" || true)"
grep ' WARN \| ERROR ' "$work/hub.log" | cut -c1-200 | sort | uniq -c | sort -rn | head -10 || true
