package dev.exengine.bench;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.pipeline.config.WaitProfile;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Latency of the in-process pipeline (journal on, process mode) from submit to the first event at the output, at a
 * fixed offered load, open loop: command i has the intended send time {@code start + i / rate}, the producer waits
 * for that moment and then submits, and the latency recorded is output time minus intended time. A stall of the
 * engine or the producer therefore shows as the latency of every command that should have been sent during it
 * (coordinated omission corrected). Runs each pipeline mode in turn on a fresh engine, prints p50 to max and writes
 * one .hgrm file per run.
 *
 * <p>First, in the same process and with the same producer loop, it measures the floor: a bare handoff of the
 * command's index through a Disruptor ring (the engine's default input-ring size, its producer type and wait profile)
 * to a consumer that only records the time, no journal and no logic. What the machine's scheduler does to two busy
 * threads shows there, and each pipeline figure is compared with it.
 *
 * <pre>
 * java $FLAGS -cp benchmarks.jar dev.exengine.bench.PipelineLatency [rate/s] [warm-up s] [measure s] [out dir]
 *     [wait profile] [pipeline modes, comma-separated] [journal pre-touch distances, comma-separated] [rounds]
 * </pre>
 * A pre-touch distance is in bytes, with k or m, 0 or off for none (the default: 0,16m, alternating); each round runs
 * every mode with every distance in turn, so that A and B meet the same moments of a shared machine. Each run also
 * prints the page faults and context switches of the engine's threads and of the pre-touch thread while it ran. The
 * engine's scratch directory is under {@code -Dbench.dir} (default: java.io.tmpdir).
 */
public final class PipelineLatency
{
    /** The engine's ring threads (exengine-input-N), as the kernel names them. */
    private static final String ENGINE_THREADS = "exengine-input";
    /** The journal's pre-touch thread, exengine-journal-pretouch cut to the kernel's 15 characters. */
    private static final String PRETOUCH_THREAD = "exengine-journa";

    private PipelineLatency()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        final int warmupSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        final int measureSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        final Path out = Path.of(args.length > 3 ? args[3] : "benchmarks/target/latency");
        final WaitProfile waitProfile = WaitProfile.valueOf(args.length > 4 ? args[4] : "BALANCED");
        final String modes = args.length > 5 ? args[5] : "PARALLEL,SERIAL,INLINE";
        final String pretouches = args.length > 6 ? args[6] : "0,16m";
        final int rounds = args.length > 7 ? Integer.parseInt(args[7]) : 1;
        Files.createDirectories(out);

        final int warmup = rate * warmupSeconds;
        final int total = warmup + rate * measureSeconds;
        System.out.printf("recording %d commands of the one-instrument flow...%n", total);
        final OrderFlow.Recorded flow = OrderFlow.record(OrderFlow.Scenario.ONE_INSTRUMENT, total);
        System.out.println(flow);
        final Histogram floor = runFloor(waitProfile, rate, warmup, total, out);
        for (int round = 1; round <= rounds; round++)
        {
            for (final String mode : modes.split(","))
            {
                for (final String pretouch : pretouches.split(","))
                {
                    System.out.printf("%nround %d of %d, %s, journal pre-touch %s%n", round, rounds, mode, pretouch);
                    final Histogram pipeline = run(flow, PipelineMode.valueOf(mode), waitProfile, bytes(pretouch),
                        rate, warmup, total, out);
                    System.out.printf("ratio to the handoff floor: p50 %.1fx  p99 %.1fx  p99.9 %.1fx%n",
                        ratio(pipeline, floor, 50), ratio(pipeline, floor, 99), ratio(pipeline, floor, 99.9));
                }
            }
        }
    }

    /** A size in bytes: a number, or a number with k or m; 0 or off for none. */
    private static long bytes(final String text)
    {
        final String size = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (size.equals("off"))
        {
            return 0;
        }
        final int shift = size.endsWith("k") ? 10 : size.endsWith("m") ? 20 : 0;
        return Long.parseLong(shift == 0 ? size : size.substring(0, size.length() - 1)) << shift;
    }

    private static Histogram runFloor(final WaitProfile waitProfile, final int rate, final int warmup,
        final int total, final Path out) throws IOException
    {
        final long[] intended = new long[total];
        final Histogram histogram = newHistogram();
        final AtomicLong received = new AtomicLong(-1);
        final EventHandler<long[]> recorder = (slot, sequence, endOfBatch) ->
        {
            final int index = (int)slot[0];
            recordArrival(histogram, intended, index, warmup);
            received.lazySet(index);
        };
        final Disruptor<long[]> disruptor = new Disruptor<>(() -> new long[1], new EngineConfig().inputRingSize(),
            DaemonThreadFactory.INSTANCE, ProducerType.MULTI, waitProfile.newWaitStrategy());
        disruptor.handleEventsWith(recorder);
        final RingBuffer<long[]> ring = disruptor.start();
        final double achieved;
        try
        {
            achieved = openLoop(rate, total, intended, index ->
            {
                final long sequence = ring.next();
                ring.get(sequence)[0] = index;
                ring.publish(sequence);
            });
            while (received.get() < total - 1)
            {
                Thread.yield();
            }
        }
        finally
        {
            disruptor.halt();
        }
        System.out.printf("%nhandoff floor (bare Disruptor ring, %s waits, no journal, no logic), offered %,d/s " +
            "(achieved send rate %,.0f/s)%n", waitProfile, rate, achieved);
        print(histogram, out.resolve("floor-" + waitProfile + "-" + rate + ".hgrm"));
        return histogram;
    }

    private static Histogram run(final OrderFlow.Recorded flow, final PipelineMode mode, final WaitProfile waitProfile,
        final long pretouch, final int rate, final int warmup, final int total, final Path out) throws IOException
    {
        final long[] intended = new long[total];
        final Histogram histogram = newHistogram();
        final PipelineDriver.FirstEventListener recorder =
            index -> recordArrival(histogram, intended, (int)index, warmup);
        try (PipelineDriver driver = new PipelineDriver(mode, waitProfile, DurabilityMode.PROCESS, pretouch, recorder))
        {
            driver.setup(flow.setup);
            final CommandStream stream = flow.stream;
            final ThreadFaults engineBefore = ThreadFaults.of(ENGINE_THREADS);
            final ThreadFaults pretouchBefore = ThreadFaults.of(PRETOUCH_THREAD);
            final double achieved = openLoop(rate, total, intended, index -> driver.submit(stream.command(index)));
            driver.awaitStreamIndex(total - 1);
            final ThreadFaults engine = ThreadFaults.of(ENGINE_THREADS).minus(engineBefore);
            final ThreadFaults pretouchThread = ThreadFaults.of(PRETOUCH_THREAD).minus(pretouchBefore);
            System.out.printf("%s pipeline, %s waits, process mode, journal pre-touch %,d bytes, offered %,d " +
                "commands/s (achieved send rate %,.0f/s), %,d measured after %,d warm-up; %s%n", mode, waitProfile,
                pretouch, rate, achieved, histogram.getTotalCount(), warmup, driver.summary());
            System.out.printf("engine threads: %s%npre-touch thread: %s%n", engine, pretouchThread);
        }
        print(histogram, out.resolve("pipeline-" + mode + "-" + waitProfile + "-" + rate + "-pretouch" + pretouch +
            ".hgrm"));
        return histogram;
    }

    /**
     * Sends command i at {@code start + i / rate}, spinning until then, and fills in the intended times.
     *
     * @return the achieved send rate per second.
     */
    private static double openLoop(final int rate, final int total, final long[] intended, final IntConsumer sender)
    {
        final long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        for (int i = 0; i < total; i++)
        {
            intended[i] = start + i * interval;
        }
        for (int i = 0; i < total; i++)
        {
            while (System.nanoTime() < intended[i])
            {
                Thread.onSpinWait();
            }
            sender.accept(i);
        }
        return (double)total * 1e9 / (System.nanoTime() - start);
    }

    /** Records how late command {@code index} arrived against its intended send time, once past the warm-up. */
    private static void recordArrival(
        final Histogram histogram, final long[] intended, final int index, final int warmup)
    {
        if (index >= warmup)
        {
            histogram.recordValue(Math.max(0, System.nanoTime() - intended[index]));
        }
    }

    private static Histogram newHistogram()
    {
        return new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    }

    private static void print(final Histogram histogram, final Path file) throws IOException
    {
        System.out.printf("latency us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  p99.99 %.1f  max %.1f%n",
            us(histogram.getValueAtPercentile(50)), us(histogram.getValueAtPercentile(90)),
            us(histogram.getValueAtPercentile(99)), us(histogram.getValueAtPercentile(99.9)),
            us(histogram.getValueAtPercentile(99.99)), us(histogram.getMaxValue()));
        try (PrintStream print = new PrintStream(Files.newOutputStream(file)))
        {
            histogram.outputPercentileDistribution(print, 1000.0);
        }
        System.out.println("wrote " + file + " (values in microseconds)");
    }

    private static double ratio(final Histogram pipeline, final Histogram floor, final double percentile)
    {
        return (double)pipeline.getValueAtPercentile(percentile) / Math.max(1, floor.getValueAtPercentile(percentile));
    }

    private static double us(final long nanos)
    {
        return nanos / 1000.0;
    }
}
