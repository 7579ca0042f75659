package dev.exengine.tool;

import dev.exengine.journal.JournalRetention;
import dev.exengine.journal.snapshot.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Journal retention: the operator's explicit action, never run by the engine. */
@Command(name = "prune", mixinStandardHelpOptions = true,
    header = "Archives or deletes the journal cycle files that the kept snapshots make unnecessary.",
    description = {"Finds the journal cycle files whose records all precede the oldest valid snapshot: a restart",
        "needs none of them as long as one of the kept snapshots is valid (recovery falls back from a damaged newest",
        "snapshot to an older one, so the oldest valid one decides). The newest cycle file is never touched.",
        "Without --archive or --delete it only lists them. Keep in mind what pruned files take with them: a replay",
        "from scratch (replay --from-scratch, snapshot --from-scratch) and the events of those commands; archive",
        "rather than delete when an audit may need them.",
        "Run it with the engine stopped: with --archive or --delete it refuses when a journal file changed in the",
        "last " + JournalLocation.ACTIVE_SECONDS + " seconds, unless --force."})
final class PruneCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    JournalOptions journal;

    @Option(names = "--archive", paramLabel = "DIR",
        description = "Move the files into DIR (created if needed), on the journal's file system: each is renamed.")
    Path archive;

    @Option(names = "--delete", description = "Delete the files.")
    boolean delete;

    @Option(names = "--force", description = "Act even though the journal was written recently (an engine may be running).")
    boolean force;

    @Override
    public Integer call()
    {
        if (archive != null && delete)
        {
            throw new ToolException(ExitCodes.USAGE, "--archive and --delete exclude each other");
        }
        final JournalLocation location = journal.location();
        final PrintWriter out = spec.commandLine().getOut();
        final boolean acting = archive != null || delete;
        if (acting && !force)
        {
            location.refuseWhileEngineActive("it appends to the journal this would prune");
        }
        SnapshotStore.SnapshotInfo oldest = null;
        for (final SnapshotStore.SnapshotInfo snapshot : Snapshots.list(location.snapshots()))
        {
            if (snapshot.valid() && (oldest == null || snapshot.journalSequence() < oldest.journalSequence()))
            {
                oldest = snapshot;
            }
        }
        if (oldest == null)
        {
            out.println("no valid snapshot: a restart replays the whole journal, nothing can be pruned");
            return ExitCodes.OK;
        }
        out.printf("oldest valid snapshot at sequence %d: %s%n", oldest.journalSequence(), oldest.path());
        final List<Path> eligible = JournalRetention.eligibleCycleFiles(location.journal(), oldest.journalSequence());
        if (eligible.isEmpty())
        {
            out.println("nothing to prune: every cycle file holds a record at or after it, or is the newest");
            return ExitCodes.OK;
        }
        if (!acting)
        {
            for (final Path file : eligible)
            {
                out.printf("prunable    %s (%d bytes)%n", file, size(file));
            }
            out.printf("%d file(s); pass --archive DIR or --delete to prune them%n", eligible.size());
            return ExitCodes.OK;
        }
        final List<Path> done = archive != null ?
            JournalRetention.archive(location.journal(), oldest.journalSequence(), archive) :
            JournalRetention.delete(location.journal(), oldest.journalSequence());
        for (final Path file : done)
        {
            out.printf("%s %s%n", archive != null ? "archived   " : "deleted    ", file);
        }
        out.printf("%d file(s) %s%n", done.size(), archive != null ? "archived" : "deleted");
        return ExitCodes.OK;
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
