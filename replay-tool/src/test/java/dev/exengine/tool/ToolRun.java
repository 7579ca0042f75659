package dev.exengine.tool;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the tool: exit code and what it wrote to standard output and error. */
record ToolRun(int exitCode, String out, String err)
{
    static ToolRun of(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final var commandLine = ReplayTool.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        final int exitCode = commandLine.execute(args);
        return new ToolRun(exitCode, out.toString(), err.toString());
    }

    /** Standard error without the summary lines ("verify: verified 13 records in 0.012 s (...)"), which carry timings. */
    String errWithoutSummary()
    {
        return err.replaceAll("(?m)^\\w+: \\w+ \\d+ records in [0-9.]+ s \\(\\d+ records/s\\)\\R", "");
    }
}
