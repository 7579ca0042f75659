# Sourced by the bin/ launchers: the JVM flags every engine process gets, the same list as the parent pom's
# engine.jvm.flags and the benchmarks' BenchmarkJvm (what Agrona and Chronicle Queue need on Java 17; Chronicle
# analytics stay off: the engine phones no one).
engine_jvm_flags=(
  -Dchronicle.analytics.disable=true -Dchronicle.disk.monitor.disable=true
  --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
)

# The default collector, given the caller's own JVM options: the parallel collector (the engine allocates nothing in
# steady state, so no collection runs, and its cheaper write barrier makes the business logic faster than under G1),
# unless those options choose a collector themselves (two would stop the JVM at start-up).
# Each option is matched on its own: "-XX:+UseLargePages -XX:+DisableExplicitGC" chooses no collector.
engine_default_gc() {
  local option
  for option in "$@"; do
    [[ $option == -XX:+Use*GC ]] && return
  done
  echo "-XX:+UseParallelGC"
}
