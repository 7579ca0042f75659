package dev.exengine.server;

import dev.exengine.journal.ProductVersion;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EngineMainTest
{
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
}
