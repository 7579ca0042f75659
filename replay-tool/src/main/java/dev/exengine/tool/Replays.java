package dev.exengine.tool;

import dev.exengine.core.event.EventListener;
import dev.exengine.journal.JournalInfo;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.replay.FailedCommand;
import dev.exengine.replay.JournalReplay;
import dev.exengine.replay.ReplayResult;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs the engine's own replay loop ({@link JournalReplay}) with the tool's checks, progress and summary. */
final class Replays
{
    private Replays()
    {
    }

    /**
     * @param snapshots where to start from (newest valid snapshot), or empty to rebuild from scratch.
     */
    static ReplayResult run(
        final JournalLocation location, final Optional<Path> snapshots, final long untilSequence,
        final long untilTimestamp, final EventListener listener, final Reporting reporting, final PrintWriter err,
        final String verb)
    {
        final JournalInfo info = JournalInfo.read(location.journal());
        if (snapshots.isEmpty() && info.firstSequence() > 1)
        {
            throw new ToolException(ExitCodes.USAGE, "the journal starts at sequence " + info.firstSequence() +
                " (older cycle files were removed by retention), so it cannot be replayed from scratch: " +
                "use --from-snapshot");
        }
        final JournalReplay replay = JournalReplay.of(location.journal())
            .untilSequence(untilSequence)
            .untilTimestamp(untilTimestamp);
        if (snapshots.isPresent())
        {
            replay.snapshots(snapshots.get());
        }
        if (listener != null)
        {
            replay.listener(listener);
        }
        final long first = Math.max(1, info.firstSequence());
        final ProgressMeter meter = reporting.meter(err, verb, info.recordCount());
        replay.progress((lastSequence, replayed) -> meter.update(lastSequence - first + 1));
        final ReplayResult result = replay.run();
        meter.finish(result.replayedCommands());
        for (final SnapshotStore.SkippedSnapshot skipped : result.skippedSnapshots())
        {
            err.println("replay-tool: warning: skipped damaged snapshot " + skipped.path() + ": " + skipped.reason());
        }
        final List<Long> recorded = new ArrayList<>(result.skippedCommands());
        for (final FailedCommand failed : result.failedCommands())
        {
            recorded.remove(Long.valueOf(failed.sequence()));
            err.println("replay-tool: warning: the command at sequence " + failed.sequence() + " failed inside the " +
                "business logic in this replay and was left out (" + failed.cause() + "). No SKIP_COMMAND record " +
                "names it: the engine applied it (with another version than this tool's?), or stopped before it " +
                "journaled its failure");
        }
        if (!recorded.isEmpty())
        {
            err.println("replay-tool: warning: the journal leaves out the commands at sequences " + recorded +
                " (SKIP_COMMAND records: they failed inside the engine's business logic), and so does this replay " +
                "where it reaches them");
        }
        err.flush();
        return result;
    }

    /** The snapshot directory to start from when --from-snapshot is given. */
    static Optional<Path> snapshotSource(final JournalLocation location, final boolean fromSnapshot)
    {
        if (!fromSnapshot)
        {
            return Optional.empty();
        }
        if (location.snapshots().isEmpty())
        {
            throw new ToolException(ExitCodes.USAGE, "--from-snapshot: there is no snapshot directory next to " +
                location.journal() + "; pass --snapshots DIR, or replay from scratch");
        }
        return location.snapshots();
    }
}
