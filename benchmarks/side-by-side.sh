#!/usr/bin/env bash
# Compares benchmark jars on this noisy shared machine: runs them alternately, round after round, so that every jar
# sees the same phases of the host, and prints each run's measured iterations and, at the end, each jar's median and
# range over all its iterations. Copy the jar of each version somewhere first (mvn ... package overwrites it).
#   benchmarks/side-by-side.sh ROUNDS 'JMH ARGS' LABEL=JAR[+MORE JMH ARGS] [LABEL=JAR[+MORE JMH ARGS] ...]
# e.g.
#   benchmarks/side-by-side.sh 4 '-f 1 -wi 3 -i 5 -w 2s -r 2s -p scenario=100-instruments BusinessLogicBenchmark' \
#     before=/tmp/before.jar after=/tmp/after.jar
# or two settings of one jar:
#   benchmarks/side-by-side.sh 4 '... BusinessLogicBenchmark' on=benchmarks/target/benchmarks.jar \
#     'off=benchmarks/target/benchmarks.jar+-p prefetch=false'   (a jar path may not hold '+'; the extra
#     arguments are split at spaces)
# For a throughput benchmark with one parameter combination (the iterations of every combination are pooled).
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
rounds="$1"
read -r -a jmh_args <<< "$2"
shift 2
results="$(mktemp)"
output="$(mktemp)"
trap 'rm -f "$results" "$output"' EXIT
for round in $(seq 1 "$rounds"); do
  for spec in "$@"; do
    label="${spec%%=*}"
    jar="${spec#*=}"
    more=()
    if [[ "$jar" == *+* ]]; then
      read -r -a more <<< "${jar#*+}"
      jar="${jar%%+*}"
    fi
    # A measured iteration's score is on its "Iteration N:" line or, when the benchmark printed something at the end
    # of the iteration, alone on a later line; warm-up iterations are skipped.
    if ! java -jar "$jar" "${more[@]}" "${jmh_args[@]}" > "$output" 2>&1; then
      tail -20 "$output" >&2
      echo "$label: $jar failed (its output's end above)" >&2
      exit 1
    fi
    iterations="$(awk '
      /^# Warmup Iteration/ { measuring = 0 }
      /^Iteration/ { measuring = 1 }
      measuring && (/^Iteration.*ops\/s$/ || /^[0-9.]+ ops\/s$/) { print $(NF - 1) }' "$output")"
    if [ -z "$iterations" ]; then
      echo "$label: no measured iteration in the output of $jar (a throughput benchmark?)" >&2
      exit 1
    fi
    echo "round $round $label: $(echo $iterations)"
    for value in $iterations; do echo "$label $value" >> "$results"; done
  done
done
for spec in "$@"; do
  label="${spec%%=*}"
  awk -v label="$label" '$1 == label { print $2 }' "$results" | sort -g | awk -v label="$label" '
    { values[NR] = $1 }
    END {
      median = NR % 2 ? values[(NR + 1) / 2] : (values[NR / 2] + values[NR / 2 + 1]) / 2
      printf "%s: median %.0f ops/s of %d iterations, %.0f to %.0f\n", label, median, NR, values[1], values[NR]
    }'
done
