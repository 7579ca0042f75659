package dev.exengine.server;

import dev.exengine.journal.ProductVersion;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineMainTest
{
    @TempDir
    Path directory;

    @Test
    void shouldPrintTheVersionInTheFormEveryToolShares()
    {
        for (final String[] args : new String[][] {{"-V"}, {"server", "--version"}})
        {
            final StringWriter out = new StringWriter();
            final CommandLine engine = EngineMain.commandLine();
            engine.setOut(new PrintWriter(out));
            assertEquals(0, engine.execute(args));
            assertEquals(String.join("\n", ProductVersion.lines("engine", 7001, 2)) + "\n", out.toString());
        }
    }

    @Test
    void shouldCheckAValidConfigurationWithoutStartingAnything() throws IOException
    {
        final Path data = directory.resolve("data");
        final Path file = Files.writeString(directory.resolve("engine.properties"),
            "listen = 127.0.0.1:0\nmarket-data.listen = off\ndata = " + data + "\ndurability = fsync\n");

        final Run run = run("check-config", "--config", file.toString(), "--start-checks");

        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.startsWith(file + ": valid; a node can start with it here now"), run.out);
        assertTrue(run.out.contains("    durability = fsync"), run.out);
        assertFalse(Files.exists(data), "check-config created the data directory");
    }

    @Test
    void shouldNameTheMisspeltKeyAndExitWithTheUsageCode() throws IOException
    {
        final Path file = Files.writeString(directory.resolve("engine.properties"), "durabilty = fsync\n");

        final Run run = run("check-config", "--config", file.toString());

        assertEquals(2, run.exitCode);
        assertTrue(run.err.contains("unknown configuration key 'durabilty' (" + file + " line 1): did you mean " +
            "'durability'?"), run.err);
    }

    @Test
    void shouldNameTheOptionOfAMistakenValue()
    {
        final Run run = run("check-config", "--listen", "127.0.0.1:99999");

        assertEquals(2, run.exitCode);
        assertTrue(run.err.contains("option --listen has port 99999: a port is in [0, 65535]"), run.err);
    }

    @Test
    void shouldSayWhenAFileCannotBeReadWithTheOperatingSystemsReason()
    {
        final Path missing = directory.resolve("missing.properties");

        final Run run = run("check-config", "--config", missing.toString());

        assertEquals(2, run.exitCode);
        assertTrue(run.err.contains("cannot read configuration file " + missing + ": No such file or directory"),
            run.err);
    }

    private static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine engine = EngineMain.commandLine();
        engine.setOut(new PrintWriter(out));
        engine.setErr(new PrintWriter(err));
        final int exitCode = engine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err)
    {
    }
}
