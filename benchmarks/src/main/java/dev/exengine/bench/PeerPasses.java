package dev.exengine.bench;

import dev.exengine.core.BusinessLogicProcessor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link PeerComparisonBenchmark}'s comparison as single passes over the whole stream, the engines alternating in
 * one JVM, each pass timed by the wall clock and by the thread's CPU time: on a host whose other tenants take the
 * cores, a pass that was descheduled shows in its wall time only, so the CPU-time rate is the steadier of the two
 * (it still pays for caches the others share). The flow is checked as the benchmark checks it first.
 * <pre>
 *   java $(java -cp benchmarks.jar dev.exengine.bench.BenchmarkJvm) -cp benchmarks.jar \
 *     dev.exengine.bench.PeerPasses one-instrument 7 [3000000 [exengine,exchange-core]]
 * </pre>
 * The first two passes of each engine are warm-up and not counted. Not for the timed path itself: the restores
 * between passes allocate.
 */
public final class PeerPasses
{
    private static final int WARM_UP_PASSES = 2;

    private PeerPasses()
    {
    }

    public static void main(final String[] args)
    {
        final String scenario = args[0];
        final int passes = Integer.parseInt(args[1]);
        final int length = args.length > 2 ? Integer.parseInt(args[2]) : 3_000_000;
        final String[] engines = (args.length > 3 ? args[3] : "exengine,exchange-core").split(",");
        final OrderFlow.Recorded flow = OrderFlow.record(OrderFlow.Scenario.named(scenario), length);
        final ExchangeCoreReplay peer = ExchangeCoreReplay.of(flow);
        final String difference = peer.engineFills().firstDifference(peer.run());
        if (difference != null || peer.firstDepthDifference() != null)
        {
            throw new IllegalStateException("the engines differ: " + difference + " / " + peer.firstDepthDifference());
        }
        System.out.println("flow: " + flow);
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final double[][] wallRates = new double[engines.length][passes];
        final double[][] cpuRates = new double[engines.length][passes];
        final BusinessLogicBenchmark.EventCounter events = new BusinessLogicBenchmark.EventCounter();
        long peerEvents = 0;
        for (int pass = 0; pass < WARM_UP_PASSES + passes; pass++)
        {
            for (int e = 0; e < engines.length; e++)
            {
                final boolean exengine = engines[e].equals("exengine");
                final BusinessLogicProcessor logic = exengine ? flow.startingState() : null;
                if (!exengine)
                {
                    peer.reset();
                }
                final long wallStart = System.nanoTime();
                final long cpuStart = threads.getCurrentThreadCpuTime();
                if (exengine)
                {
                    final CommandStream stream = flow.stream;
                    for (int i = 0; i < stream.length(); i++)
                    {
                        // Decoded for a look-up only when there is one (as the pipeline, whose commands are in the
                        // ring's slots already): decoding each command twice charged the engine for the harness.
                        if (i % BusinessLogicProcessor.PREFETCH_GROUP == 0 && logic.prefetchPays())
                        {
                            final int end = Math.min(stream.length(), i + BusinessLogicProcessor.PREFETCH_GROUP);
                            for (int j = i; j < end; j++)
                            {
                                logic.prefetch(stream.command(j));
                            }
                        }
                        logic.apply(stream.command(i), i + 1, i + 1, events);
                    }
                }
                else
                {
                    for (int i = 0; i < length; i++)
                    {
                        peerEvents += peer.apply(i);
                    }
                }
                final long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
                final long wall = System.nanoTime() - wallStart;
                final double wallRate = 1e9 * length / wall;
                final double cpuRate = 1e9 * length / cpu;
                System.out.printf("pass %d %s: %.2fM/s wall, %.2fM/s CPU%n", pass, engines[e], wallRate / 1e6,
                    cpuRate / 1e6);
                if (pass >= WARM_UP_PASSES)
                {
                    wallRates[e][pass - WARM_UP_PASSES] = wallRate;
                    cpuRates[e][pass - WARM_UP_PASSES] = cpuRate;
                }
            }
        }
        for (int e = 0; e < engines.length; e++)
        {
            System.out.printf("%s: median %.2fM/s wall, %.2fM/s CPU over %d passes%n", engines[e],
                median(wallRates[e]) / 1e6, median(cpuRates[e]) / 1e6, passes);
        }
        System.out.println("events seen: " + events.count + " and " + peerEvents);
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
