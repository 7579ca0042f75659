package dev.exengine.bench;

import dev.exengine.journal.DurabilityMode;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.pipeline.config.WaitProfile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Sustained throughput of the whole in-process pipeline with the journal on: one producer submits an
 * {@link OrderFlow} stream (one instrument unless {@code -p scenario=100-instruments}; spinning while the ring is full), and the measured time ends when the output has seen the
 * first event of the last command, so the score is completed commands, not accepted ones. Each iteration starts a
 * fresh engine on an empty directory and feeds it the pre-fill (not timed), then times one pass over the stream:
 * single-shot mode, the score is nanoseconds per command (commands/s = 1e9 / score).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
public class PipelineBenchmark extends BenchmarkJvm
{
    static final int STREAM = 1_000_000;

    @Param({"PARALLEL", "SERIAL", "INLINE"})
    public PipelineMode pipelineMode;

    @Param({"BALANCED", "LOW_LATENCY"})
    public WaitProfile waitProfile;

    @Param({"PROCESS", "FSYNC"})
    public DurabilityMode durability;

    @Param({"one-instrument"})
    public String scenario;

    private OrderFlow.Recorded flow;
    private PipelineDriver driver;

    @Setup(Level.Trial)
    public void record()
    {
        flow = OrderFlow.record(OrderFlow.Scenario.named(scenario), STREAM);
    }

    @Setup(Level.Iteration)
    public void start()
    {
        driver = new PipelineDriver(pipelineMode, waitProfile, durability, null);
        driver.setup(flow.setup);
    }

    @TearDown(Level.Iteration)
    public void stop()
    {
        System.out.print(" [" + driver.summary() + "] ");
        driver.close();
    }

    @Benchmark
    @OperationsPerInvocation(STREAM)
    public void submitStream()
    {
        final CommandStream stream = flow.stream;
        for (int i = 0; i < STREAM; i++)
        {
            driver.submit(stream.command(i));
        }
        driver.awaitStreamIndex(STREAM - 1);
    }
}
