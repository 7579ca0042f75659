package dev.exengine.server;

import dev.exengine.journal.snapshot.SnapshotStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * SIGTERM or SIGINT to a running server: it stops accepting, drains, takes a snapshot of everything journaled and exits
 * 0, as a supervisor (systemd) expects of a clean stop.
 */
class GracefulShutdownTest
{
    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(value = ThreadLayout.class, names = {"SEPARATE", "SHARED"})
    void shouldSnapshotAndExitZeroOnSigterm(final ThreadLayout threads) throws IOException, InterruptedException
    {
        assertCleanStop("TERM", threads);
    }

    @ParameterizedTest
    @EnumSource(value = ThreadLayout.class, names = {"SEPARATE", "SHARED"})
    void shouldSnapshotAndExitZeroOnSigint(final ThreadLayout threads) throws IOException, InterruptedException
    {
        assertCleanStop("INT", threads);
    }

    private void assertCleanStop(final String signal, final ThreadLayout threads)
        throws IOException, InterruptedException
    {
        // A JVM started with SIGINT ignored (a background job of a non-interactive shell) passes that on to the
        // server, whose JVM then installs no handler for it: the signal would never arrive.
        assumeFalse("INT".equals(signal) && sigintIgnored(), "SIGINT is ignored by this test's process");
        final Process server = new ProcessBuilder(command(threads)).redirectErrorStream(true).start();
        final List<String> log = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = lines.readLine()) != null && !line.contains("Node: listening on"))
            {
                log.add(line);
            }
            assertTrue(line != null, "the server did not start: " + log);

            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid())).start().waitFor());
            while ((line = lines.readLine()) != null)
            {
                log.add(line);
            }
        }
        finally
        {
            if (!server.waitFor(60, TimeUnit.SECONDS))
            {
                server.destroyForcibly();
            }
        }
        assertEquals(0, server.exitValue(), () -> "exit code after SIG" + signal + ": " + log);
        assertEquals(1, log.stream().filter(line -> line.startsWith("stopping: final state hash")).count(),
            log.toString());
        final List<SnapshotStore.SnapshotInfo> snapshots = SnapshotStore.open(data.resolve("snapshots")).list();
        assertEquals(1, snapshots.size());
        assertEquals(8, snapshots.get(0).journalSequence(), () -> "the snapshot covers the whole starting market: " + log);
    }

    /** Whether this process ignores SIGINT (Linux: bit 2 of SigIgn in /proc/self/status); false where unknown. */
    private static boolean sigintIgnored() throws IOException
    {
        final Path status = Path.of("/proc/self/status");
        if (!Files.exists(status))
        {
            return false;
        }
        for (final String line : Files.readAllLines(status))
        {
            if (line.startsWith("SigIgn:"))
            {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    private List<String> command(final ThreadLayout threads)
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
        command.add("server");
        command.add("--data=" + data);
        command.add("--listen=127.0.0.1:0");
        command.add("--admin-listen=127.0.0.1:0");
        command.add("--market-data-listen=127.0.0.1:0");
        command.add("--threads=" + threads);
        return command;
    }
}
