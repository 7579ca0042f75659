package dev.exengine.tool;

import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** The --quiet switch of commands that read a whole journal. */
final class Reporting
{
    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summary line on standard error.")
    boolean quiet;

    ProgressMeter meter(final PrintWriter err, final String verb, final long total)
    {
        return new ProgressMeter(err, verb, total, !quiet);
    }
}
