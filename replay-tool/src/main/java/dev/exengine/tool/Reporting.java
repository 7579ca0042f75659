package dev.exengine.tool;

import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** The --quiet and --progress switches of commands that read a whole journal. */
final class Reporting
{
    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summary line on standard error.")
    boolean quiet;

    @Option(names = "--progress", paramLabel = "WHEN", description = "Draw the progress bar on standard error: " +
        "auto (default: when standard error is a terminal, wherever standard output goes), always or never.")
    ProgressMode progress = ProgressMode.auto;

    ProgressMeter meter(final PrintWriter err, final String verb, final long total)
    {
        return new ProgressMeter(err, verb, total, !quiet, !quiet && progress.draws(), System::nanoTime);
    }
}
