package dev.exengine.bench;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of the business-logic processor on one thread, risk checks and balances on, over the pre-generated
 * {@link OrderFlow} stream; one operation is one command. Every iteration starts from a fresh copy of the pre-filled
 * state (restored from its snapshot) and walks the stream from its start, so the same commands meet the same state
 * every time. Should an iteration outrun the stream, the state is restored inside the timed loop (counted as a
 * restart and printed): the restore's allocation then shows in {@code -prof gc}, see {@link #restoreBytes}.
 *
 * <p>As the engine's logic thread does with the commands of a ring batch, the benchmark prefetches each group of
 * {@link BusinessLogicProcessor#PREFETCH_GROUP} commands before it applies them: the engine has a full group in hand
 * when its input ring holds a backlog of that many, as it does at full throughput. {@code -p prefetch=false} applies
 * them one by one without, for comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BusinessLogicBenchmark extends BenchmarkJvm
{
    @Param({"one-instrument", "100-instruments"})
    public String scenario;

    @Param({"4000000"})
    public int streamLength;

    @Param({"true"})
    public boolean prefetch;

    private OrderFlow.Recorded flow;
    private CommandStream stream;
    private BusinessLogicProcessor logic;
    private final EventCounter events = new EventCounter();
    private int index;
    private long sequence;
    private long restarts;
    private long iterations;
    /** Bytes one restore of the starting state allocates (on top of what the commands allocate). */
    private long restoreBytes;

    @Setup(Level.Trial)
    public void record()
    {
        flow = OrderFlow.record(OrderFlow.Scenario.named(scenario), streamLength);
        stream = flow.stream;
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        logic = flow.startingState();
        restoreBytes = threads.getCurrentThreadAllocatedBytes() - before;
        System.out.println();
        System.out.println("flow: " + flow);
    }

    @Setup(Level.Iteration)
    public void startIteration()
    {
        iterations++;
        restore();
    }

    @Benchmark
    public void apply()
    {
        if (index == stream.length())
        {
            restarts++;
            restore();
        }
        // Decoded for a look-up only when there is one: the pipeline has its commands in the ring's slots already.
        if (prefetch && index % BusinessLogicProcessor.PREFETCH_GROUP == 0 && logic.prefetchPays())
        {
            final int end = Math.min(stream.length(), index + BusinessLogicProcessor.PREFETCH_GROUP);
            for (int i = index; i < end; i++)
            {
                logic.prefetch(stream.command(i));
            }
        }
        logic.apply(stream.command(index++), ++sequence, sequence, events);
    }

    private void restore()
    {
        logic = flow.startingState();
        index = 0;
    }

    @TearDown(Level.Trial)
    public void report()
    {
        System.out.println();
        System.out.printf("stream of %d commands, %d iterations, %d restarts inside the timed loop; one restore " +
            "allocates %d bytes; %d events seen%n", stream.length(), iterations, restarts, restoreBytes, events.count);
    }

    /** Counts events so that nothing the processor reports is dead code. */
    static final class EventCounter implements EventListener
    {
        long count;

        @Override
        public void onEvent(final Event event)
        {
            count++;
        }
    }
}
