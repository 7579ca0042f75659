package dev.exengine.bench.e2e;

import dev.exengine.bench.TempDirectory;
import dev.exengine.server.Node;
import dev.exengine.server.ServerSettings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-to-end latency and load harness: the server (in-process, journal on, process mode; or a running one) driven
 * over loopback TCP through the client library by N trader connections at a fixed offered rate (open loop), swept
 * upwards until the engine saturates, next to a raw TCP echo of the same frame size measured in the same run. See
 * {@link BenchOptions#usage()} and BENCHMARKS.md "End-to-end".
 */
public final class EndToEndBench
{
    private EndToEndBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final BenchOptions options;
        try
        {
            options = BenchOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println(ex.getMessage());
            System.err.println(BenchOptions.usage());
            System.exit(2);
            return;
        }
        if (options.help)
        {
            System.out.println(BenchOptions.usage());
            return;
        }
        run(options, String.join(" ", args));
    }

    /** Runs the floor and the sweep and writes the results; returns what was measured. */
    static Sweep run(final BenchOptions options, final String arguments) throws IOException
    {
        final double loadBefore = ResultsWriter.loadAverage();
        final int frameBytes = BenchMarket.newOrderFrameBytes();
        System.out.printf("engine-bench: %d connections, %d driver thread(s), rates %s/s, %.1f s warm-up + %.1f s " +
                "per step, NewOrder frame %d bytes, load average %.2f%n", options.connections, options.threads,
            options.rates, options.warmupSeconds, options.measureSeconds, frameBytes, loadBefore);

        final StepResult floor = floor(options, frameBytes);
        System.out.println(floor.line());

        final List<StepResult> steps = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        long sustainable = 0;
        Path scratch = null;
        Node server = null;
        final List<EngineTarget> targets = new ArrayList<>();
        try
        {
            final InetSocketAddress address;
            if (options.connect != null)
            {
                address = options.connect;
            }
            else
            {
                scratch = TempDirectory.create("engine-bench");
                final Path config = scratch.resolve("bench.properties");
                BenchMarket.writeConfig(config, scratch.resolve("data"), options.connections);
                server = Node.start(ServerSettings.load(config, options.serverSettings));
                address = server.address();
            }
            for (int c = 0; c < options.connections; c++)
            {
                final EngineTarget target = new EngineTarget(BenchMarket.account(c));
                target.connect(address.getHostString(), address.getPort(), BenchMarket.user(c),
                    BenchMarket.password(c));
                targets.add(target);
            }
            for (final long rate : options.rates)
            {
                final StepResult step = OpenLoopStep.run("engine-" + rate, targets, options.threads, rate,
                    options.warmupSeconds, options.measureSeconds, options.drainSeconds);
                steps.add(step);
                System.out.println(step.line());
                final String saturated = saturation(step, options);
                if (saturated != null)
                {
                    notes.add("saturated at " + rate + "/s offered: " + saturated);
                    System.out.println("  saturated: " + saturated);
                    break;
                }
                sustainable = Math.max(sustainable, rate);
                if (step.rejected > 0)
                {
                    notes.add(step.rejected + " orders rejected at " + rate + "/s");
                }
            }
            for (final EngineTarget target : targets)
            {
                if (target.disconnects() > 0)
                {
                    notes.add("connections lost during the run: " + target.disconnects());
                }
            }
        }
        finally
        {
            targets.forEach(EngineTarget::close);
            if (server != null)
            {
                server.shutdown();
            }
            TempDirectory.delete(scratch);
        }
        if (sustainable == 0)
        {
            notes.add("no step was sustainable");
        }
        final Path results = options.results != null ? options.results : Path.of("benchmarks", "target",
            "e2e-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        final String title = String.format("NewOrder → OrderAccepted over loopback, %d connections, journal on " +
            "(process mode), vs raw TCP echo", options.connections);
        ResultsWriter.write(results, title, "engine-bench " + arguments, steps, floor, sustainable, notes,
            loadBefore);
        System.out.printf("sustainable: %,d orders/s offered over %d connections%nresults in %s%n", sustainable,
            options.connections, results.toAbsolutePath());
        return new Sweep(floor, steps, sustainable, results);
    }

    /** What a sweep measured and where it wrote it. */
    record Sweep(StepResult floor, List<StepResult> steps, long sustainable, Path results)
    {
    }

    /** @return why the step is past what the engine sustains, or null when it kept up. */
    private static String saturation(final StepResult step, final BenchOptions options)
    {
        if (!step.drained)
        {
            return String.format("%,d of %,d answers before the drain deadline", step.answered + step.rejected,
                step.sent);
        }
        if (step.achievedRate < options.minAchievedShare * step.offeredRate)
        {
            return String.format("achieved %,.0f/s < %.0f%% of offered", step.achievedRate,
                options.minAchievedShare * 100);
        }
        if (step.percentileMicros(99) > options.p99LimitMicros)
        {
            return String.format("p99 %.0f us > limit %.0f us", step.percentileMicros(99), options.p99LimitMicros);
        }
        return null;
    }

    private static StepResult floor(final BenchOptions options, final int frameBytes) throws IOException
    {
        final List<EchoTarget> targets = new ArrayList<>();
        try (EchoServer echo = new EchoServer())
        {
            for (int c = 0; c < options.connections; c++)
            {
                targets.add(new EchoTarget(echo.address(), frameBytes));
            }
            return OpenLoopStep.run("tcp-floor-" + options.floorRate(), targets, options.threads,
                options.floorRate(), options.warmupSeconds, options.measureSeconds, options.drainSeconds);
        }
        finally
        {
            targets.forEach(EchoTarget::close);
        }
    }
}
