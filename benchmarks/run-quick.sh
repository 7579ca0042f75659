#!/usr/bin/env bash
# Runs the benchmark suites from the repository root. Build first: mvn -pl benchmarks -am -DskipTests package
#   benchmarks/run-quick.sh            quick JMH suite (BLP, journal, SBE codecs; -prof gc; a few minutes on 2 cores)
#   benchmarks/run-quick.sh full       every JMH benchmark with its own warm-up/measurement settings, -prof gc
#   benchmarks/run-quick.sh harness    the latency harness (200k commands/s, 5 s + 10 s, the bare-ring floor and
#                                      every pipeline mode) and the recovery benchmark (10M-command journal)
# Extra arguments go to JMH (quick, full) unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -pl benchmarks -am -DskipTests package" >&2; exit 1; }
suite="${1:-quick}"
[ $# -gt 0 ] && shift
case "$suite" in
  quick)
    exec java -jar "$JAR" -f 1 -wi 2 -i 3 -w 2s -r 3s 'BusinessLogicBenchmark|JournalBenchmark|CodecBenchmark' -prof gc "$@" ;;
  full)
    exec java -jar "$JAR" -prof gc "$@" ;;
  harness)
    # The flags every fork gets, printed by the benchmarks jar itself (one source: BenchmarkJvm).
    read -r -a FLAGS <<< "$(java -cp "$JAR" dev.exengine.bench.BenchmarkJvm)"
    java "${FLAGS[@]}" -cp "$JAR" dev.exengine.bench.PipelineLatency 200000 5 10 benchmarks/target/latency BALANCED PARALLEL,SERIAL,INLINE
    java "${FLAGS[@]}" -cp "$JAR" dev.exengine.bench.RecoveryBenchmark 10000000 benchmarks/target/recovery ;;
  *)
    echo "usage: $0 [quick|full|harness] [JMH options]" >&2; exit 2 ;;
esac
