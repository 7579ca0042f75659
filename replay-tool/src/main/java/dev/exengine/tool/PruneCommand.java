package dev.exengine.tool;

import dev.exengine.journal.JournalInfo;
import dev.exengine.journal.JournalLock;
import dev.exengine.journal.JournalRetention;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.storage.DataDirectory;
import dev.exengine.storage.SequenceMark;
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
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/** Journal retention: the operator's explicit action, never run by the engine. */
@Command(name = "prune", mixinStandardHelpOptions = true,
    header = "Archives or deletes the journal cycle files that the kept snapshots make unnecessary.",
    description = {"Finds the journal cycle files whose records all precede the oldest valid snapshot: a restart",
        "needs none of them as long as one of the kept snapshots is valid (recovery falls back from a damaged newest",
        "snapshot to an older one, so the oldest valid one decides). The newest cycle file is never touched.",
        "Next to a server's gateway data (" + DataDirectory.GATEWAY + "/ beside the journal), the gateway's catch-up",
        "decides too: when the server stopped before its gateway stored the replies of its last commands, its next",
        "start replays them from the newest valid snapshot at or before the gateway's routed-through mark, so the",
        "records after that snapshot stay.",
        "Without --archive or --delete it only lists them. Keep in mind what pruned files take with them: a replay",
        "from scratch ('replay' and 'events' without --from-snapshot, 'replay --compare-snapshot' of the older",
        "snapshots, 'snapshot --from-scratch') and the events of those commands; archive rather than delete when an",
        "audit may need them.",
        "Run it with the engine stopped: with --archive or --delete it refuses while an engine holds the journal's",
        "lock, and when a journal file changed in the last " + JournalLocation.ACTIVE_SECONDS +
            " seconds unless --force."})
final class PruneCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    JournalOptions journal;

    @Option(names = "--archive", paramLabel = "DIR",
        description = "Move the files into DIR (created if needed), each durably before the next: renamed on the " +
            "journal's file system, copied, forced and only then deleted on another one (an archive disk).")
    Path archive;

    @Option(names = "--delete", description = "Delete the files.")
    boolean delete;

    @Mixin
    EngineStoppedCheck engineStopped;

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
        if (!acting)
        {
            return prune(location, out, false);
        }
        try (JournalLock ignored = engineStopped.holdJournal(location, "it appends to the journal this would prune"))
        {
            return prune(location, out, true);
        }
    }

    private int prune(final JournalLocation location, final PrintWriter out, final boolean acting)
    {
        final List<SnapshotStore.SnapshotInfo> snapshots = Snapshots.list(location.snapshots());
        SnapshotStore.SnapshotInfo oldest = null;
        for (final SnapshotStore.SnapshotInfo snapshot : snapshots)
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
        final long before = Math.min(oldest.journalSequence(), catchUpReplaysAfter(location, snapshots, out));
        // Archive and delete find the files themselves: the queue is scanned once.
        final List<Path> files = archive != null ? JournalRetention.archive(location.journal(), before, archive) :
            delete ? JournalRetention.delete(location.journal(), before) :
            JournalRetention.eligibleCycleFiles(location.journal(), before);
        if (files.isEmpty())
        {
            out.println("nothing to prune: every cycle file holds a record a restart needs, or is the newest");
            return ExitCodes.OK;
        }
        final String verb = archive != null ? "archived" : delete ? "deleted" : "prunable";
        for (final Path file : files)
        {
            out.printf("%-11s %s%n", verb, acting ? file : file + " (" + size(file) + " bytes)");
        }
        out.printf(acting ? "%d file(s) %s%n" : "%d file(s) %s; pass --archive DIR or --delete to prune them%n",
            files.size(), verb);
        return ExitCodes.OK;
    }

    /**
     * The journal sequence after which the gateway's catch-up at the server's next start replays, or
     * {@link Long#MAX_VALUE} when it replays nothing (no gateway data, or every journaled command's replies stored):
     * the newest valid snapshot at or before the routed-through mark, 0 (the journal's start) when there is none.
     */
    private static long catchUpReplaysAfter(
        final JournalLocation location, final List<SnapshotStore.SnapshotInfo> snapshots, final PrintWriter out)
    {
        final OptionalLong mark;
        try
        {
            mark = SequenceMark.read(location.gateway().resolve(DataDirectory.ROUTED_THROUGH));
        }
        catch (final UncheckedIOException ex)
        {
            throw new ToolException(ExitCodes.IO, ex.getMessage() + ": nothing was pruned");
        }
        catch (final IllegalStateException ex)
        {
            throw new ToolException(ExitCodes.CORRUPT, ex.getMessage() + ": nothing was pruned");
        }
        if (mark.isEmpty())
        {
            return Long.MAX_VALUE;
        }
        final long routed = mark.getAsLong();
        final long last = JournalInfo.read(location.journal()).lastSequence();
        if (routed >= last)
        {
            out.printf("gateway routed through sequence %d, the journal's last: its next start replays nothing%n",
                routed);
            return Long.MAX_VALUE;
        }
        long from = 0;
        for (final SnapshotStore.SnapshotInfo snapshot : snapshots)
        {
            if (snapshot.valid() && snapshot.journalSequence() <= routed)
            {
                from = Math.max(from, snapshot.journalSequence());
            }
        }
        out.printf("gateway routed through sequence %d of %d: its next start replays %s%n", routed, last,
            from == 0 ? "the whole journal (no valid snapshot at or before it)" :
            "the records after the snapshot at sequence " + from);
        return from;
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
