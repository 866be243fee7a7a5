#!/usr/bin/env bash
# The ffmpeg side of docs/performance.md "Audio: decode, resample, loudness": makes the same
# 60-second clip as AudioPipelineBenchmark, then times ffmpeg decoding it, mixing to mono and
# resampling to 48 kHz (default resampler and soxr), and the same plus ebur128 with true peak.
# Prints the median CPU time (user + sys) of RUNS runs of each and the multiple of real time.
# Usage: benchmarks/scripts/audio-ffmpeg.sh [RUNS]   (default 11)
set -euo pipefail
runs=${1:-11}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
clip="$dir/clip.mp3"
ffmpeg -nostdin -y -v error \
  -f lavfi -i "anoisesrc=color=pink:sample_rate=44100:amplitude=0.2:duration=60:seed=1" \
  -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=60" \
  -filter_complex "[0][1]amerge=inputs=2" -c:a libmp3lame -b:a 128k "$clip"

measure() {
  local name=$1
  shift
  local times=()
  for _ in $(seq "$runs"); do
    # -threads 1: one core, like the single-threaded JMH benchmark.
    /usr/bin/time -f "%U %S" -o "$dir/time" ffmpeg -nostdin -v error -threads 1 -i "$clip" "$@" \
      -f null - >/dev/null
    times+=("$(awk '{print $1 + $2}' "$dir/time")")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk -v name="$name" '
    { t[NR] = $1 }
    END {
      m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
      printf "%-40s median CPU %.3f s (min %.3f, max %.3f) = %.0f x real time per core\n", name, m, t[1], t[NR], 60 / m
    }'
}

echo "ffmpeg $(ffmpeg -version | head -1 | cut -d' ' -f3), $runs runs each, 60 s clip"
measure "decode only (f32 stereo)" -c:a pcm_f32le
measure "decode + mono + 48 kHz (swr default)" -af "pan=mono|c0=0.5*c0+0.5*c1,aresample=48000" -c:a pcm_f32le
measure "decode + mono + 48 kHz (soxr)" -af "pan=mono|c0=0.5*c0+0.5*c1,aresample=48000:resampler=soxr" -c:a pcm_f32le
measure "decode + mono + 48 kHz + ebur128" -af "pan=mono|c0=0.5*c0+0.5*c1,aresample=48000,ebur128=framelog=verbose" -c:a pcm_f32le
measure "decode + mono + 48 kHz + ebur128 peak" -af "pan=mono|c0=0.5*c0+0.5*c1,aresample=48000,ebur128=peak=true:framelog=verbose" -c:a pcm_f32le
