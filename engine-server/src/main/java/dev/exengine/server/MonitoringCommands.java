package dev.exengine.server;

import dev.exengine.metrics.CountersFileException;
import dev.exengine.metrics.CountersFileReader;
import dev.exengine.server.monitoring.CountersHealth;
import dev.exengine.server.monitoring.HealthVerdict;
import dev.exengine.server.monitoring.HttpHealth;
import dev.exengine.server.monitoring.StatView;
import dev.exengine.storage.DataDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The operator's monitoring commands of {@code bin/engine}: {@code stat} prints a node's counters from its counters
 * file, refreshing, as AeronStat does; {@code health} says whether a node is ready (or alive), from its counters file
 * or its admin endpoint, in its exit code. Both read from outside the node's process, and the counters file also when
 * the node's admin endpoint is off.
 */
final class MonitoringCommands
{
    private MonitoringCommands()
    {
    }

    @Command(name = "stat", mixinStandardHelpOptions = true,
        description = "Prints the counters of the node running on the data directory (DATA/counters.dat), every " +
            "--interval-ms, until Ctrl-C: commands, events, rejects, the journal, snapshots, sessions, logins, " +
            "disconnects, latency percentiles of the last second. Waits for a node that has not started yet, and " +
            "follows one that restarts. Works with the admin endpoint off.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (--count reached)", "1:the counters file cannot be read (with --count)",
            "2:usage or configuration error"})
    static final class Stat implements Callable<Integer>
    {
        @CommandLine.Mixin
        private final EngineMain.SettingsOptions settings = new EngineMain.SettingsOptions();

        @Option(names = "--interval-ms", defaultValue = "1000", description = "Time between two prints " +
            "(default: ${DEFAULT-VALUE}).")
        long intervalMillis;

        @Option(names = "--count", defaultValue = "0", description = "Print this many times, then exit; 0: until " +
            "Ctrl-C (default). With a count, a file that cannot be read is an error rather than waited for.")
        int count;

        @Option(names = "--filter", description = "Only the series this regular expression finds something in, " +
            "e.g. 'rejects|latency'.")
        String filter;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException
        {
            if (intervalMillis < 1 || count < 0)
            {
                throw new IllegalArgumentException("--interval-ms must be at least 1 and --count not negative");
            }
            final Pattern pattern = pattern(filter);
            final Path file = settings.settings().dataDirectory().resolve(DataDirectory.COUNTERS);
            final PrintWriter out = spec.commandLine().getOut();
            final PrintWriter err = spec.commandLine().getErr();
            // A terminal gets the screen redrawn in place; a pipe or a file gets one print after another.
            final boolean redraw = count == 0 && System.console() != null;
            CountersFileReader reader = null;
            String waitingFor = null;
            for (int printed = 0; count == 0 || printed < count; )
            {
                if (reader == null || !reader.isCurrent())
                {
                    try
                    {
                        reader = CountersFileReader.open(file);
                    }
                    catch (final CountersFileException ex)
                    {
                        if (count > 0)
                        {
                            err.println("engine stat: " + ex.getMessage());
                            return 1;
                        }
                        reader = null;
                        if (!ex.getMessage().equals(waitingFor))
                        {
                            waitingFor = ex.getMessage();
                            err.println("engine stat: " + waitingFor + "; waiting for the node");
                        }
                    }
                }
                if (reader != null)
                {
                    if (redraw)
                    {
                        out.print("\u001b[H\u001b[2J");
                    }
                    else if (printed > 0)
                    {
                        out.println();
                    }
                    StatView.print(reader, pattern, System.currentTimeMillis(), out);
                    printed++;
                }
                if (count == 0 || printed < count)
                {
                    Thread.sleep(intervalMillis);
                }
            }
            return 0;
        }

        private static Pattern pattern(final String filter)
        {
            try
            {
                return filter == null ? null : Pattern.compile(filter);
            }
            catch (final PatternSyntaxException ex)
            {
                throw new IllegalArgumentException("--filter is not a regular expression: " + ex.getMessage(), ex);
            }
        }
    }

    @Command(name = "health", mixinStandardHelpOptions = true,
        description = "Says whether a node is ready (with --live: alive), for exec probes and scripts: from its " +
            "counters file (the configuration's data directory, or --data; written once a second, also with the " +
            "admin endpoint off) or from its admin endpoint (--url). Prints the verdict, the node's role, journal " +
            "sequence and sessions, and each reason it is not ready.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ready (with --live: alive)", "1:not ready (with --live: not alive), or stopped",
            "2:usage or configuration error", "3:no node to ask: no counters file, nothing listening at --url"})
    static final class Health implements Callable<Integer>
    {
        @CommandLine.Mixin
        private final EngineMain.SettingsOptions settings = new EngineMain.SettingsOptions();

        @Option(names = "--url", description = "The node's admin endpoint, http://HOST:PORT (its admin.listen), or " +
            "the full URL of a health check; instead of the counters file.")
        String url;

        @Option(names = "--live", description = "Ask whether the node is alive (a supervisor would restart it " +
            "otherwise) rather than ready.")
        boolean live;

        @Option(names = "--timeout-ms", defaultValue = "5000", description = "With --url: how long to wait for the " +
            "connection and for the answer, each; with the counters file: how old its heartbeat may be before the " +
            "node counts as hung or gone (default: ${DEFAULT-VALUE}).")
        long timeoutMillis;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException
        {
            if (url != null && settings.data != null)
            {
                throw new IllegalArgumentException("--data or --url, not both");
            }
            if (timeoutMillis < 1)
            {
                throw new IllegalArgumentException("--timeout-ms must be at least 1");
            }
            final HealthVerdict verdict = url != null ?
                HttpHealth.probe(url, live, Duration.ofMillis(timeoutMillis)) :
                CountersHealth.probe(settings.settings().dataDirectory().resolve(DataDirectory.COUNTERS), live,
                    timeoutMillis, System.currentTimeMillis());
            final PrintWriter to = verdict.exitCode() == HealthVerdict.READY ? spec.commandLine().getOut() :
                spec.commandLine().getErr();
            verdict.lines().forEach(to::println);
            to.flush();
            return verdict.exitCode();
        }
    }
}
