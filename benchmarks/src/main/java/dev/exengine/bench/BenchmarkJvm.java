package dev.exengine.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * The one place that holds the JVM flags every benchmark fork needs: Agrona's UnsafeBuffer and Chronicle Queue on
 * Java 17, and Chronicle analytics always off. Copied from the parent pom's {@code engine.jvm.flags}, plus the
 * collector the launch scripts use: the engine allocates nothing in steady state, so no collection runs, and the
 * parallel collector's write barrier costs the business logic less than G1's (≈ +15 % measured); the heap is not touched
 * at start (AlwaysPreTouch made ReplicationBench's release latency at 10k/s ten times worse, BENCHMARKS.md). Every JMH
 * benchmark extends this class, whose {@link Fork} JMH applies to subclasses; the harness mains are started with
 * the same list, printed by {@link #main} (see run-quick.sh).
 */
@Fork(value = 1, jvmArgsAppend = {
    "-Dchronicle.analytics.disable=true",
    "-Dchronicle.disk.monitor.disable=true",
    "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-XX:+UseParallelGC",
    "-Xms4g",
    "-Xmx4g"})
public abstract class BenchmarkJvm
{
    /** The fork flags above, for code that starts a JVM itself. */
    public static final String[] FLAGS = BenchmarkJvm.class.getAnnotation(Fork.class).jvmArgsAppend();

    /** Prints the flags on one line, for scripts: {@code java $(java -cp benchmarks.jar ...BenchmarkJvm) ...}. */
    public static void main(final String[] args)
    {
        System.out.println(String.join(" ", FLAGS));
    }
}
