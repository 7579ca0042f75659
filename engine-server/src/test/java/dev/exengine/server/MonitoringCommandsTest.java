package dev.exengine.server;

import dev.exengine.client.ExchangeClient;
import dev.exengine.server.gateway.GatewayFixture;
import dev.exengine.server.gateway.GatewayFixture.Recorder;
import dev.exengine.storage.DataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code bin/engine health} and {@code bin/engine stat} against real nodes, from this process and from another. */
class MonitoringCommandsTest
{
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path data;

    /** What one run of a command printed and returned. */
    private record Run(int exitCode, String out, String err)
    {
    }

    @Test
    void shouldExitZeroForAReadyNodeFromItsCountersFileAndFromItsAdminEndpoint()
    {
        try (Node node = Node.start(AdminEndpointTest.settings(data, "1m")))
        {
            // The sampler writes the verdict once a second: the first may still say STARTING.
            final Run fromFile = runUntil(run -> run.exitCode() == 0, "health", "--data", data.toString());
            assertTrue(fromFile.out().startsWith("ready\nPRIMARY (process " + ProcessHandle.current().pid() +
                "), journal sequence "), fromFile.out());
            final String url = "http://127.0.0.1:" + node.adminAddress().getPort();
            final Run fromHttp = run("health", "--url", url);
            assertEquals(0, fromHttp.exitCode(), fromHttp::toString);
            assertTrue(fromHttp.out().startsWith("ready\nPRIMARY, journal sequence "), fromHttp.out());
            assertEquals(0, run("health", "--url", url, "--live").exitCode());
            assertEquals(0, run("health", "--data", data.toString(), "--live").exitCode());
        }
    }

    @Test
    void shouldExitOneWithTheReasonForANodeThatIsNotReadyAndForOneThatStopped()
    {
        final String url;
        try (Node node = Node.start(AdminEndpointTest.settings(data, "8000000g")))
        {
            url = "http://127.0.0.1:" + node.adminAddress().getPort();
            final Run fromHttp = run("health", "--url", url);
            assertEquals(1, fromHttp.exitCode(), fromHttp::toString);
            assertTrue(fromHttp.err().startsWith("not ready\nPRIMARY, journal sequence "), fromHttp.err());
            assertTrue(fromHttp.err().contains("\nJOURNAL_NOT_WRITABLE: the journal's file system has "),
                fromHttp.err());
            assertEquals(0, run("health", "--url", url, "--live").exitCode(), "alive all the same");

            final Run fromFile = runUntil(run -> run.err().contains("JOURNAL_NOT_WRITABLE"), "health", "--data",
                data.toString());
            assertEquals(1, fromFile.exitCode(), fromFile::toString);
            assertTrue(fromFile.err().startsWith("not ready\n"), fromFile.err());
        }
        final Run stopped = run("health", "--data", data.toString());
        assertEquals(1, stopped.exitCode(), stopped::toString);
        assertTrue(stopped.err().startsWith("not live: the node (process " + ProcessHandle.current().pid() +
            ") stopped"), stopped.err());
        final Run nobody = run("health", "--url", url);
        assertEquals(3, nobody.exitCode(), nobody::toString);
        assertTrue(nobody.err().startsWith("unknown: nothing answers at " + url + "/health/ready"), nobody.err());
    }

    @Test
    void shouldExitThreeWhereNoNodeHasStartedAndTwoOnAUsageError()
    {
        final Run none = run("health", "--data", data.toString());
        assertEquals(3, none.exitCode(), none::toString);
        assertTrue(none.err().startsWith("unknown: no counters file " + data.resolve(DataDirectory.COUNTERS) +
            ": no node has started on this data directory"), none.err());

        final Run both = run("health", "--data", data.toString(), "--url", "http://127.0.0.1:1");
        assertEquals(2, both.exitCode(), both::toString);
        assertTrue(both.err().contains("--data or --url, not both"), both.err());
        final Run notHttp = run("health", "--url", "ftp://127.0.0.1:1");
        assertEquals(2, notHttp.exitCode(), notHttp::toString);
        assertTrue(notHttp.err().contains("is not an http URL"), notHttp.err());

        final Run stat = run("stat", "--data", data.toString(), "--count", "1");
        assertEquals(1, stat.exitCode(), stat::toString);
        assertTrue(stat.err().startsWith("engine stat: no counters file "), stat.err());
    }

    @Test
    void shouldPrintALiveNodesCountersFromAnotherProcessWithItsAdminEndpointOff() throws Exception
    {
        final java.util.Properties overrides = AdminEndpointTest.overrides(data, "1m");
        overrides.setProperty("admin.listen", "off");
        try (Node node = Node.start(ServerSettings.load(null, overrides)))
        {
            final Recorder alice = new Recorder();
            try (ExchangeClient client = new ExchangeClient(alice))
            {
                client.connect("127.0.0.1", node.address().getPort());
                assertTrue(client.login("alice", "alice-demo", "", 0), alice::toString);
                for (int i = 1; i <= 3; i++)
                {
                    client.queryBalances(i, 1);
                }
                GatewayFixture.pollUntil(() -> alice.count("QUERY_DONE") == 3, () -> alice, client);

                final Process stat = new ProcessBuilder(javaCommand("stat", "--data", data.toString(), "--count", "2",
                    "--interval-ms", "50", "--filter", "QUERY_BALANCES|logged_in|journal_sequence|exengine_ready"))
                    .redirectErrorStream(true).start();
                final String printed = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(stat.waitFor(60, TimeUnit.SECONDS), printed);
                assertEquals(0, stat.exitValue(), printed);
                final String[] prints = printed.split("\n\n");
                assertEquals(2, prints.length, printed);
                for (final String each : prints)
                {
                    final String print = each.endsWith("\n") ? each : each + "\n";
                    assertTrue(print.startsWith(data.resolve(DataDirectory.COUNTERS) + " - node process " +
                        ProcessHandle.current().pid() + ", started "), print);
                    assertTrue(print.matches("(?s).*\\n +\\d+: +3 - exengine_commands_total\\{type=\"QUERY_BALANCES\"}\\n" +
                        ".*"), print);
                    assertTrue(print.matches("(?s).*\\n +\\d+: +1 - exengine_sessions_logged_in\\n.*"), print);
                    assertTrue(print.contains(" - exengine_journal_sequence\n"), print);
                    assertTrue(!print.contains("exengine_events_total"), "filtered out: " + print);
                }
            }
        }
    }

    static void awaitTrue(final BooleanSupplier condition, final Supplier<String> state)
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("not met within 30 s: " + state.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static List<String> javaCommand(final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-D"))
            {
                command.add(argument);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EngineMain.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    private static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine engine = EngineMain.commandLine();
        engine.setOut(new PrintWriter(out, true));
        engine.setErr(new PrintWriter(err, true));
        final int exitCode = engine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** Runs the command again until its result is as expected; fails after a generous deadline. */
    private static Run runUntil(final java.util.function.Predicate<Run> expected, final String... args)
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        Run last = run(args);
        while (!expected.test(last))
        {
            if (System.nanoTime() > deadline)
            {
                fail("never as expected; last: " + last);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            last = run(args);
        }
        return last;
    }
}
