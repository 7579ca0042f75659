package dev.exengine.bench.e2e;

import dev.exengine.bench.TempDirectory;
import dev.exengine.logging.LoggingDefaults;
import dev.exengine.server.EngineMain;
import dev.exengine.server.Node;
import dev.exengine.server.ServerSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.Callable;

/**
 * The end-to-end latency and load harness: the server (in-process, journal on, process mode; or a running one) driven
 * over loopback TCP through the client library by N trader connections at a fixed offered rate (open loop), swept
 * upwards until the engine saturates, next to a raw TCP echo of the same frame size measured in the same run. See
 * {@code bin/engine-bench --help} and BENCHMARKS.md "End-to-end".
 */
@Command(name = "engine-bench", mixinStandardHelpOptions = true, usageHelpWidth = 110,
    description = {"Open-loop end-to-end latency of NewOrder -> OrderAccepted over loopback TCP (journal on, process",
        "mode), swept over offered rates until the engine saturates, next to a raw TCP echo of the same frame size.",
        "Writes per-step .hgrm files, summary.json (docs/OUTPUT-FORMATS.md), latency.html and latency.png; each",
        "carries the commit, the JVM flags, the server's configuration and the load average."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the sweep ran (saturation is a result, not a failure)", "1:the run failed",
        "2:usage error"})
public final class EndToEndBench implements Callable<Integer>
{
    @Mixin
    BenchOptions options;

    @Spec
    CommandSpec spec;

    public static void main(final String[] args)
    {
        LoggingDefaults.apply();
        System.exit(commandLine().execute(args));
    }

    /** The harness's command line: its options, version and help; tests parse with it too. */
    static CommandLine commandLine()
    {
        final CommandLine commandLine = new CommandLine(new EndToEndBench());
        commandLine.getCommandSpec().version(EngineMain.versionLines("engine-bench"));
        return commandLine;
    }

    @Override
    public Integer call() throws IOException
    {
        final String problem = options.problem();
        if (problem != null)
        {
            throw new ParameterException(spec.commandLine(), problem);
        }
        run(options, "engine-bench " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        return 0;
    }

    /** Runs the floor and the sweep and writes the results; returns what was measured. */
    static Sweep run(final BenchOptions options, final String command) throws IOException
    {
        final Instant startedAt = Instant.now();
        final RunConditions.LoadAverage loadBefore = RunConditions.LoadAverage.read();
        final int frameBytes = BenchMarket.newOrderFrameBytes();
        System.out.printf("engine-bench: %d connections, %d driver thread(s), rates %s/s, %.1f s warm-up + %.1f s " +
                "per step, NewOrder frame %d bytes, load average %s%n", options.connections, options.threads,
            options.rates, options.warmupSeconds, options.measureSeconds, frameBytes, loadBefore);

        final StepResult floor = floor(options, frameBytes);
        System.out.println(floor.line());

        final List<StepResult> steps = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        long sustainable = 0;
        Path scratch = null;
        Node server = null;
        SortedMap<String, String> configuration = null;
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
                final ServerSettings settings = ServerSettings.load(config, options.serverProperties());
                configuration = settings.configuration();
                server = Node.start(settings);
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
        final RunConditions conditions = RunConditions.of(startedAt, configuration,
            options.connect == null ? null : options.connect.getHostString() + ":" + options.connect.getPort(),
            loadBefore);
        ResultsWriter.write(results, title, command, conditions, steps, floor, sustainable, notes);
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
