package dev.exengine.tool;

import dev.exengine.core.snapshot.SnapshotFormatException;
import dev.exengine.journal.JournalCorruptedException;
import dev.exengine.journal.JournalDamagedException;
import dev.exengine.logging.LoggingDefaults;
import dev.exengine.journal.ProductVersion;
import dev.exengine.journal.UnsupportedJournalVersionException;
import dev.exengine.protocol.sbe.MessageHeaderEncoder;
import dev.exengine.replay.RecoveryException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The operators' command-line tool over journals and snapshots: see {@code replay-tool --help}. */
@Command(
    name = "replay-tool",
    mixinStandardHelpOptions = true,
    description = {
        "Inspect, verify and replay the engine's command journal and snapshots.",
        "Every command only reads the journal, so it is safe on the journal of a running engine;",
        "only 'snapshot' writes, and only into the snapshot directory."},
    subcommands = {
        InfoCommand.class, PrintCommand.class, VerifyCommand.class, CompareCommand.class, ReplayCommand.class, EventsCommand.class,
        FeedCommand.class, SnapshotCommand.class, PruneCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:verification failed, state hashes diverge, conservation does not hold, or journals differ (compare)",
        "2:usage error (unknown option, bad value, nothing at the asked position)",
        "3:directory missing, not a journal, unreadable, or an engine is writing where the command would write",
        "4:corrupt journal (the message names the first bad sequence, or the damaged cycle file and what to do)",
        "5:journal or snapshot written in a newer format than this tool understands"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  replay-tool info data",
        "  replay-tool print data --from-time 2024-05-01T10:00:00Z --account 42 --format json | jq .",
        "  replay-tool verify data && replay-tool replay data --compare-snapshot",
        "  replay-tool compare primary-data standby-data",
        "  replay-tool feed data --from-time 2024-05-01T10:31:07Z --to-time 2024-05-01T10:31:08Z --format json",
        "  source <(replay-tool completion)"})
public final class ReplayTool implements Runnable
{
    @Spec
    CommandSpec spec;

    public static void main(final String[] args)
    {
        LoggingDefaults.apply();
        // Buffered, not line-flushed: print writes millions of lines; commands flush where a reader waits (--follow).
        final PrintWriter out = new PrintWriter(new BufferedWriter(
            new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16), false);
        final CommandLine commandLine = commandLine();
        commandLine.setOut(out);
        final int exitCode = commandLine.execute(args);
        out.flush();
        System.exit(exitCode);
    }

    /** The tool with its error handling; tests run it in-process with their own out and err. */
    static CommandLine commandLine()
    {
        final CommandLine commandLine = new CommandLine(new ReplayTool());
        final String[] version =
            ProductVersion.lines("replay-tool", MessageHeaderEncoder.SCHEMA_ID, MessageHeaderEncoder.SCHEMA_VERSION);
        commandLine.getCommandSpec().version(version);
        commandLine.getSubcommands().values().forEach(command -> command.getCommandSpec().version(version));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpWidth(110);
        commandLine.setExecutionExceptionHandler(ReplayTool::handle);
        return commandLine;
    }

    @Override
    public void run()
    {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of " +
            String.join(", ", spec.subcommands().keySet()));
    }

    private static int handle(final Exception ex, final CommandLine commandLine, final CommandLine.ParseResult parseResult)
    {
        commandLine.getOut().flush();
        final PrintWriter err = commandLine.getErr();
        final int exitCode;
        final String message;
        if (ex instanceof ToolException tool)
        {
            exitCode = tool.exitCode();
            message = tool.getMessage();
        }
        else if (ex instanceof JournalCorruptedException corrupt)
        {
            exitCode = ExitCodes.CORRUPT;
            message = corrupt.getMessage() + "; " +
                "records before it are intact (print --to-seq " + (corrupt.sequence() - 1) + "); restore the journal " +
                "from a replica or backup, and run 'verify' for a full report";
        }
        else if (ex instanceof JournalDamagedException damaged)
        {
            exitCode = ExitCodes.CORRUPT;
            message = damaged.getMessage();
        }
        else if (ex instanceof UnsupportedJournalVersionException newer)
        {
            exitCode = ExitCodes.NEWER_FORMAT;
            message = "journal of a newer format (version " + newer.version() + "): " + newer.getMessage() +
                "; use the replay-tool shipped with the engine version that wrote it";
        }
        else if (ex instanceof SnapshotFormatException snapshot)
        {
            exitCode = ExitCodes.NEWER_FORMAT;
            message = "snapshot cannot be read: " + snapshot.getMessage() + "; use the replay-tool of the engine " +
                "version that wrote it, or replay without that snapshot";
        }
        else if (ex instanceof RecoveryException recovery)
        {
            exitCode = ExitCodes.FAILED;
            message = "replay failed: " + recovery.getMessage() +
                (recovery.getCause() != null ? " (cause: " + recovery.getCause() + ")" : "");
        }
        else if (ex instanceof UncheckedIOException io)
        {
            exitCode = ExitCodes.IO;
            message = "I/O error: " + io.getCause() + "; check the path, free space and permissions";
        }
        else
        {
            exitCode = ExitCodes.FAILED;
            message = "unexpected error: " + ex + " (please report it with the stack trace below)";
            err.println("replay-tool: " + message);
            ex.printStackTrace(err);
            err.flush();
            return exitCode;
        }
        err.println("replay-tool: " + message);
        err.flush();
        return exitCode;
    }
}
