package dev.exengine.bench;

import dev.exengine.journal.DurabilityMode;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.pipeline.config.WaitProfile;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Latency of the in-process pipeline (journal on, process mode) from submit to the first event at the output, at a
 * fixed offered load, open loop: command i has the intended send time {@code start + i / rate}, the producer waits
 * for that moment and then submits, and the latency recorded is output time minus intended time. A stall of the
 * engine or the producer therefore shows as the latency of every command that should have been sent during it
 * (coordinated omission corrected). Runs each pipeline mode in turn on a fresh engine, prints p50 to max and writes
 * one .hgrm file per run.
 *
 * <pre>
 * java $FLAGS -cp benchmarks.jar dev.exengine.bench.PipelineLatency [rate/s] [warm-up s] [measure s] [out dir]
 *     [wait profile] [pipeline modes, comma-separated]
 * </pre>
 */
public final class PipelineLatency
{
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
        final String modes = args.length > 5 ? args[5] : "PARALLEL,SERIAL";
        Files.createDirectories(out);

        final int warmup = rate * warmupSeconds;
        final int total = warmup + rate * measureSeconds;
        System.out.printf("recording %d commands of the one-instrument flow...%n", total);
        final OrderFlow.Recorded flow = OrderFlow.record(OrderFlow.Scenario.ONE_INSTRUMENT, total);
        System.out.println(flow);
        for (final String mode : modes.split(","))
        {
            run(flow, PipelineMode.valueOf(mode), waitProfile, rate, warmup, total, out);
        }
    }

    private static void run(final OrderFlow.Recorded flow, final PipelineMode mode, final WaitProfile waitProfile,
        final int rate, final int warmup, final int total, final Path out) throws IOException
    {
        final long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        final long[] intended = new long[total];
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final PipelineDriver.FirstEventListener recorder = index ->
        {
            if (index >= warmup)
            {
                histogram.recordValue(Math.max(0, System.nanoTime() - intended[(int)index]));
            }
        };
        try (PipelineDriver driver = new PipelineDriver(mode, waitProfile, DurabilityMode.PROCESS, recorder))
        {
            driver.setup(flow.setup);
            final CommandStream stream = flow.stream;
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
                driver.submit(stream.command(i));
            }
            final long sendEnd = System.nanoTime();
            driver.awaitStreamIndex(total - 1);
            final double achieved = (double)total * 1e9 / (sendEnd - start);
            System.out.printf("%n%s pipeline, %s waits, process mode, offered %,d commands/s (achieved send rate " +
                "%,.0f/s), %,d measured after %,d warm-up; %s%n", mode, waitProfile, rate, achieved,
                histogram.getTotalCount(), warmup, driver.summary());
        }
        System.out.printf("latency us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  p99.99 %.1f  max %.1f%n",
            us(histogram.getValueAtPercentile(50)), us(histogram.getValueAtPercentile(90)),
            us(histogram.getValueAtPercentile(99)), us(histogram.getValueAtPercentile(99.9)),
            us(histogram.getValueAtPercentile(99.99)), us(histogram.getMaxValue()));
        final Path file = out.resolve("pipeline-" + mode + "-" + waitProfile + "-" + rate + ".hgrm");
        try (PrintStream print = new PrintStream(Files.newOutputStream(file)))
        {
            histogram.outputPercentileDistribution(print, 1000.0);
        }
        System.out.println("wrote " + file + " (values in microseconds)");
    }

    private static double us(final long nanos)
    {
        return nanos / 1000.0;
    }
}
