#!/usr/bin/env bash
# The whole broadcast pipeline for docs/performance.md, "Audio: whole broadcast pipeline": one
# 60-second programme (a spoken notice over a music bed) from files to Opus packets, on one core.
#
#   1. villagecast: audio.BroadcastPipelineBenchmark (JMH with the CPU-time profiler): decode the
#      MP3 bed (jlayer) and the espeak-ng WAV notice, resample both to 48 kHz, normalise each to
#      -16 LUFS with the true-peak limiter, mix (chime, ducking, streaming true-peak limiter),
#      Opus-encode at OpusSettings.DEFAULT and pack into AUDIO bodies; and its parts (prepareItems,
#      mixAndEncode, mixOnly). Operations per CPU-second x 60 s = multiple of real time per core.
#   2. ffmpeg doing the equivalent on the same files in the same run, timed by /usr/bin/time
#      (user + system CPU of the whole process, start-up included), -threads 1 -filter_threads 1:
#        A  two passes as the hub does it: pass 1 measures each item (decode, mono, soxr to 48 kHz,
#           ebur128 with true peak); pass 2 decodes again, resamples (soxr), applies the gain to
#           -16 LUFS and alimiter to each item, puts the chime and 300 ms before the notice 3 s in,
#           ducks the bed with sidechaincompress keyed by the notice, amix, alimiter, libopus
#           24 kbit/s constrained VBR, 20 ms, application audio, complexity 10, Ogg to /dev/null;
#        B  A with ffmpeg's default resampler (swr, 32 taps) instead of soxr;
#        C  one pass with loudnorm (I=-16, TP=-1: dynamic normalisation, 192 kHz inside) per item
#           instead of pass 1 + volume + alimiter;
#        D  mix + limit + encode only, from both items already at 48 kHz and at their gains
#           (32-bit float files made beforehand, untimed): beside mixAndEncode.
#      Medians of RUNS runs each; the multiple of real time is 60 s / median CPU seconds.
#
#   benchmarks/scripts/audio-pipeline.sh [RUNS]     # default 9; JMH about 9 minutes, ffmpeg 3
#
# Needs a JDK 17, Maven, python3, ffmpeg (with libmp3lame, libopus, soxr), espeak-ng,
# /usr/bin/time. MVN_FLAGS (e.g. -o) is passed to the build; SKIP_BUILD=1 reuses
# benchmarks/target/benchmarks.jar. ITERATION (default 10s) is the JMH iteration time: one
# operation takes seconds, so shorter iterations hold too few of them.
set -euo pipefail
RUNS=${1:-9}
ITERATION=${ITERATION:-10s}
cd "$(dirname "$0")/../.."
JAR=benchmarks/target/benchmarks.jar
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086
  mvn -B -ntp -q ${MVN_FLAGS:-} -pl benchmarks -am package -DskipTests
fi
for program in ffmpeg espeak-ng python3 /usr/bin/time; do
  command -v "$program" >/dev/null || { echo "$program is missing" >&2; exit 2; }
done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
SECONDS_OF_AUDIO=60
load() { cut -d' ' -f1-3 /proc/loadavg; }

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

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(ffmpeg -version | head -1 | cut -d' ' -f1-3)"
java -cp "$JAR" org.villagecast.benchmarks.audio.PipelineFixture "$WORK"

echo "== villagecast, JMH (load average $(load) at start) =="
jmh 'audio.BroadcastPipelineBenchmark' -p music="$WORK/music.mp3" -p notice="$WORK/notice.wav" \
  -f 1 -wi 3 -w "$ITERATION" -i "$RUNS" -r "$ITERATION" -t 1 \
  -prof org.villagecast.benchmarks.CpuTimeProfiler -rf json -rff "$WORK/pipeline.json"
echo "load average $(load) after JMH"
python3 - "$WORK/pipeline.json" "$SECONDS_OF_AUDIO" <<'PY'
import json, statistics, sys
seconds = float(sys.argv[2])
out = {}
for result in json.load(open(sys.argv[1])):
    name = result["benchmark"].rsplit(".", 1)[1]
    cpu = [v for it in result["secondaryMetrics"]["cpu.ops"]["rawData"] for v in it]
    share = [v for it in result["secondaryMetrics"]["cpu.share"]["rawData"] for v in it]
    multiple = statistics.median(cpu) * seconds
    out[name] = multiple
    print(f"{name:14s} median {multiple:6.1f}x real time per CPU-second "
          f"(min {min(cpu) * seconds:.1f}, max {max(cpu) * seconds:.1f}; "
          f"CPU per programme {1 / statistics.median(cpu):.2f} s; core share "
          f"{statistics.median(share):.2f})")
with open(sys.argv[1] + ".multiples", "w") as f:
    for name, multiple in out.items():
        f.write(f"{name} {multiple}\n")
PY

echo "== ffmpeg, same files (load average $(load) at start) =="
FF=(ffmpeg -nostdin -hide_banner -nostats -threads 1 -filter_threads 1 -filter_complex_threads 1)
OPUS=(-c:a libopus -b:a 24k -vbr constrained -frame_duration 20 -application audio
  -compression_level 10 -f ogg -y /dev/null)
MONO="pan=mono|c0=0.5*c0+0.5*c1"
LIMIT="alimiter=limit=0.891:level=0" # -1 dBFS; sample peak (ours limits the true peak)
# Chime, 300 ms, notice, starting 3 s in; a copy of the notice keys the compressor on the bed.
NOTICE_LAYER="[2:a]apad=pad_dur=0.3[chime];[chime][speech]concat=n=2:v=0:a=1,adelay=3000:all=1,asplit=2[notice][key];[key]apad[keypad]"
DUCK_MIX="[music][keypad]sidechaincompress=threshold=0.01:ratio=4:attack=100:release=1500[ducked];[ducked][notice]amix=inputs=2:normalize=0:duration=first,$LIMIT[out]"

cpu_of() { awk '{printf "%.2f\n", $1 + $2}' "$1"; }
# Integrated loudness of pass 1's ebur128 summary.
lufs_of() { awk '$1 == "I:" {i = $2} END {print i}' "$1"; }

graph() { # resampler, music gain dB, notice gain dB
  echo "[0:a]$MONO,aresample=48000:resampler=$1,volume=$2dB,$LIMIT[music];[1:a]aresample=48000:resampler=$1,volume=$3dB,$LIMIT[speech];$NOTICE_LAYER;$DUCK_MIX"
}

two_pass() { # resampler → prints total CPU seconds of both passes
  local resampler=$1
  /usr/bin/time -f "%U %S" -o "$WORK/t1" "${FF[@]}" -i "$WORK/music.mp3" \
    -af "$MONO,aresample=48000:resampler=$resampler,ebur128=peak=true" -f null - 2>"$WORK/m.log"
  /usr/bin/time -f "%U %S" -o "$WORK/t2" "${FF[@]}" -i "$WORK/notice.wav" \
    -af "aresample=48000:resampler=$resampler,ebur128=peak=true" -f null - 2>"$WORK/n.log"
  local gm gn
  gm=$(awk -v i="$(lufs_of "$WORK/m.log")" 'BEGIN {print -16 - i}')
  gn=$(awk -v i="$(lufs_of "$WORK/n.log")" 'BEGIN {print -16 - i}')
  /usr/bin/time -f "%U %S" -o "$WORK/t3" "${FF[@]}" -v error -i "$WORK/music.mp3" \
    -i "$WORK/notice.wav" -i "$WORK/chime.wav" -filter_complex "$(graph "$resampler" "$gm" "$gn")" \
    -map "[out]" "${OPUS[@]}"
  echo "$gm $gn" >"$WORK/gains"
  python3 -c "print(round($(cpu_of "$WORK/t1") + $(cpu_of "$WORK/t2") + $(cpu_of "$WORK/t3"), 2))"
}

loudnorm_pass() {
  local ln="loudnorm=I=-16:TP=-1:LRA=11,aresample=48000"
  /usr/bin/time -f "%U %S" -o "$WORK/t" "${FF[@]}" -v error -i "$WORK/music.mp3" \
    -i "$WORK/notice.wav" -i "$WORK/chime.wav" -filter_complex \
    "[0:a]$MONO,$ln[music];[1:a]$ln[speech];$NOTICE_LAYER;$DUCK_MIX" -map "[out]" "${OPUS[@]}"
  cpu_of "$WORK/t"
}

# D's inputs: the items at 48 kHz and at their gains, as 32-bit float (made once, not timed).
two_pass soxr >/dev/null
read -r GM GN <"$WORK/gains"
ffmpeg -nostdin -v error -i "$WORK/music.mp3" -af "$MONO,aresample=48000:resampler=soxr,volume=${GM}dB,$LIMIT" \
  -f f32le -y "$WORK/music48.f32"
ffmpeg -nostdin -v error -i "$WORK/notice.wav" -af "aresample=48000:resampler=soxr,volume=${GN}dB,$LIMIT" \
  -f f32le -y "$WORK/notice48.f32"
mix_encode() {
  /usr/bin/time -f "%U %S" -o "$WORK/t" "${FF[@]}" -v error \
    -f f32le -ar 48000 -ac 1 -i "$WORK/music48.f32" -f f32le -ar 48000 -ac 1 -i "$WORK/notice48.f32" \
    -i "$WORK/chime.wav" -filter_complex "[0:a]anull[music];[1:a]anull[speech];$NOTICE_LAYER;$DUCK_MIX" \
    -map "[out]" "${OPUS[@]}"
  cpu_of "$WORK/t"
}
startup() {
  /usr/bin/time -f "%U %S" -o "$WORK/t" "${FF[@]}" -v error -f f32le -ar 48000 -ac 1 -t 0.02 \
    -i "$WORK/notice48.f32" -c:a libopus -f ogg -y /dev/null
  cpu_of "$WORK/t"
}

for _ in $(seq "$RUNS"); do
  two_pass soxr >>"$WORK/A"
  two_pass swr >>"$WORK/B"
  loudnorm_pass >>"$WORK/C"
  mix_encode >>"$WORK/D"
  startup >>"$WORK/S"
done
echo "gains to -16 LUFS from pass 1: music $GM dB, notice $GN dB; load average $(load) after ffmpeg"
report() { # file, label
  local m
  m=$(median <"$1")
  printf '%s  median CPU %.2f s (runs: %s) = %.1fx real time per core\n' "$2" "$m" \
    "$(sort -g "$1" | tr '\n' ' ')" "$(awk -v m="$m" -v s="$SECONDS_OF_AUDIO" 'BEGIN {print s / m}')"
  awk -v m="$m" -v s="$SECONDS_OF_AUDIO" 'BEGIN {print s / m}' >"$1.multiple"
}
report "$WORK/A" "A two passes, soxr         "
report "$WORK/B" "B two passes, swr          "
report "$WORK/C" "C one pass, loudnorm       "
report "$WORK/D" "D mix + limit + encode only"
echo "ffmpeg start-up (20 ms encoded): median CPU $(median <"$WORK/S") s per process"

python3 - "$WORK" <<'PY'
import sys
w = sys.argv[1]
ours = dict((l.split()[0], float(l.split()[1])) for l in open(w + "/pipeline.json.multiples"))
ff = {k: float(open(f"{w}/{k}.multiple").read()) for k in "ABCD"}
print(f"ratio ffmpeg / villagecast (multiples of real time): whole pipeline A {ff['A'] / ours['wholePipeline']:.2f}, "
      f"B {ff['B'] / ours['wholePipeline']:.2f}, C {ff['C'] / ours['wholePipeline']:.2f}; "
      f"mix + encode D / mixAndEncode {ff['D'] / ours['mixAndEncode']:.2f}")
PY
