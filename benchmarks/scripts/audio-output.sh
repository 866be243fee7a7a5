#!/usr/bin/env bash
# Audio output figures for docs/performance.md, "Audio: speech and Opus":
#   1. Opus encoding of one programme (speech + music, 48 kHz mono) by the hub's OpusStreamEncoder
#      (Concentus, JMH, operations per CPU-second × programme length = multiple of real time per
#      core) and by ffmpeg's libopus on the same PCM with the same settings, timed by the shell
#      (user + system CPU), several runs, medians.
#   2. Text-to-speech of a 200-character Chinese notice: EspeakSynthesizer (JMH sample time,
#      uncached) beside espeak-ng started directly on the normalised text in the same JMH run.
#
#   benchmarks/scripts/audio-output.sh [RUNS]
#
# Needs a JDK 17, Maven, python3, ffmpeg (with libopus), espeak-ng and /usr/bin/time.
# MVN_FLAGS (e.g. -o) is passed to the build; SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar.
set -euo pipefail
RUNS=${1:-7}
cd "$(dirname "$0")/../.."
JAR=benchmarks/target/benchmarks.jar
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -ntp -q ${MVN_FLAGS:-} -pl benchmarks -am package -DskipTests
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Runs JMH; while another JMH run holds its machine-wide lock (a colleague's benchmark on this
# shared machine), waits and retries rather than measuring against it.
jmh() {
  local attempt
  for attempt in $(seq 80); do
    if java -jar "$JAR" "$@" >"$WORK/jmh.log" 2>&1; then
      return 0
    fi
    grep -q "Unable to acquire the JMH lock" "$WORK/jmh.log" || { cat "$WORK/jmh.log" >&2; return 1; }
    echo "another JMH run holds the lock; waiting" >&2
    sleep 15
  done
  return 1
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# The programme: the notice spoken by espeak-ng, then 30 s of music-like sound (a chord sequence
# with struck notes over pink noise), both at 48 kHz mono float.
java -cp "$JAR" org.villagecast.benchmarks.audio.SpeechFixture "$WORK" >/dev/null
espeak-ng -v cmn-latn-pinyin -f "$WORK/notice-normalised.txt" -w "$WORK/speech.wav"
ffmpeg -v error -i "$WORK/speech.wav" -f lavfi -t 30 \
  -i "aevalsrc=0.15*sin(2*PI*(220+55*floor(mod(t\,8)/2))*t)+0.1*sin(2*PI*(440+110*floor(mod(t\,4)))*t)*exp(-4*mod(t\,0.5)):s=48000" \
  -f lavfi -t 30 -i "anoisesrc=color=pink:amplitude=0.02:sample_rate=48000" \
  -filter_complex "[1][2]amix=inputs=2:normalize=0[music];[0]aresample=48000[speech];[speech][music]concat=n=2:v=0:a=1[out]" \
  -map "[out]" -ac 1 -ar 48000 -f f32le "$WORK/programme.f32"
SAMPLES=$(( $(stat -c %s "$WORK/programme.f32") / 4 ))
SECONDS_OF_AUDIO=$(python3 -c "print($SAMPLES / 48000)")
echo "programme: $SECONDS_OF_AUDIO s of 48 kHz mono (speech, then music)"

echo "== Opus encoding, hub (Concentus through OpusStreamEncoder), JMH =="
jmh 'audio.OpusEncodeBenchmark' -p pcmFile="$WORK/programme.f32" \
  -f 1 -wi 6 -w 5s -i "$RUNS" -r 5s -t 1 \
  -prof org.villagecast.benchmarks.CpuTimeProfiler -rf json -rff "$WORK/opus.json"
python3 - "$WORK/opus.json" "$SECONDS_OF_AUDIO" <<'PY'
import json, statistics, sys
result = json.load(open(sys.argv[1]))[0]
seconds = float(sys.argv[2])
cpu = [v for it in result["secondaryMetrics"]["cpu.ops"]["rawData"] for v in it]
share = [v for it in result["secondaryMetrics"]["cpu.share"]["rawData"] for v in it]
wall = [v for it in result["primaryMetric"]["rawData"] for v in it]
print(f"hub Opus: median {statistics.median(cpu) * seconds:.0f}x real time per CPU-second "
      f"(iterations {', '.join(f'{v * seconds:.0f}' for v in cpu)}); "
      f"wall {statistics.median(wall) * seconds:.0f}x; core share {statistics.median(share):.2f}")
open(sys.argv[1] + ".multiple", "w").write(str(statistics.median(cpu) * seconds))
PY

echo "== Opus encoding, ffmpeg libopus (same PCM, 24 kbit/s constrained VBR, 20 ms, complexity 10) =="
# The input is looped 10 times so that ffmpeg's start-up is a small part of what is timed; the
# start-up alone (a 20 ms encode) is timed too and reported.
for i in $(seq "$RUNS"); do
  /usr/bin/time -f "%e %U %S" -o "$WORK/time" ffmpeg -v error -nostdin \
    -stream_loop 9 -f f32le -ar 48000 -ac 1 -i "$WORK/programme.f32" \
    -c:a libopus -b:a 24k -vbr constrained -frame_duration 20 -application audio \
    -compression_level 10 -f ogg -y /dev/null
  awk -v s="$SECONDS_OF_AUDIO" '{printf "%.1f\n", 10 * s / ($2 + $3)}' "$WORK/time" >>"$WORK/ffmpeg.multiples"
  # The same reading of the looped input without encoding: what is not libopus in the above.
  /usr/bin/time -f "%e %U %S" -o "$WORK/time1" ffmpeg -v error -nostdin \
    -stream_loop 9 -f f32le -ar 48000 -ac 1 -i "$WORK/programme.f32" -f null -
  paste "$WORK/time" "$WORK/time1" | awk -v s="$SECONDS_OF_AUDIO" \
    '{printf "%.1f\n", 10 * s / ($2 + $3 - $5 - $6)}' >>"$WORK/libopus.multiples"
  /usr/bin/time -f "%e %U %S" -o "$WORK/time0" ffmpeg -v error -nostdin \
    -f f32le -ar 48000 -ac 1 -t 0.02 -i "$WORK/programme.f32" -c:a libopus -f ogg -y /dev/null
  awk '{printf "%.3f\n", $2 + $3}' "$WORK/time0" >>"$WORK/ffmpeg.startup"
done
FFMPEG=$(median <"$WORK/ffmpeg.multiples")
echo "ffmpeg libopus: median ${FFMPEG}x real time per CPU-second (runs: $(tr '\n' ' ' <"$WORK/ffmpeg.multiples")); start-up CPU median $(median <"$WORK/ffmpeg.startup") s"
echo "libopus alone (ffmpeg minus its input-only run): median $(median <"$WORK/libopus.multiples")x (runs: $(tr '\n' ' ' <"$WORK/libopus.multiples"))"
HUB=$(cat "$WORK/opus.json.multiple")
LIBOPUS=$(median <"$WORK/libopus.multiples")
python3 -c "print(f'ratio to the hub: ffmpeg {$FFMPEG / $HUB:.2f}, libopus alone {$LIBOPUS / $HUB:.2f}')"

echo "== Text-to-speech, 200-character notice =="
jmh 'audio.SpeechBenchmark' -f 1 -wi 2 -w 2s -i "$RUNS" -r 2s -t 1 \
  -rf json -rff "$WORK/speech.json"
python3 - "$WORK/speech.json" <<'PY'
import json, sys
for result in json.load(open(sys.argv[1])):
    name = result["benchmark"].rsplit(".", 1)[1]
    p = result["primaryMetric"]["scorePercentiles"]
    print(f"{name}: median {p['50.0']:.3f} ms, p90 {p['90.0']:.3f} ms, "
          f"samples {sum(c for it in result['primaryMetric']['rawDataHistogram'] for h in it for _, c in h)}")
PY
espeak-ng -v cmn-latn-pinyin -f "$WORK/notice-normalised.txt" --stdout >"$WORK/direct.wav"
DURATION=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$WORK/direct.wav")
echo "the notice's speech lasts ${DURATION} s"
