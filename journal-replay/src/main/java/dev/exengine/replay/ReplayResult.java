package dev.exengine.replay;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.journal.snapshot.SnapshotStore;

import java.util.List;

/**
 * What a replay rebuilt and how.
 *
 * @param logic             the state after the last replayed command.
 * @param snapshotSequence  journal sequence of the snapshot it started from, 0 when it started from nothing.
 * @param lastSequence      journal sequence of the last command in the state (the snapshot's when none followed).
 * @param lastTimestamp     timestamp of that command, 0 when none was replayed.
 * @param replayedCommands  journal records applied after the snapshot.
 * @param nanos             how long it took.
 * @param skippedCommands   journal sequences whose command was left out: listed in the journal's skipped commands
 *                          ({@link dev.exengine.journal.SkippedCommands}), or failed inside the business logic in
 *                          this replay.
 * @param failedCommands    the commands that failed in this replay (so are among the skipped), with their cause.
 * @param skippedSnapshots  newer snapshots that were damaged and passed over.
 */
public record ReplayResult(
    BusinessLogicProcessor logic,
    long snapshotSequence,
    long lastSequence,
    long lastTimestamp,
    long replayedCommands,
    long nanos,
    List<Long> skippedCommands,
    List<FailedCommand> failedCommands,
    List<SnapshotStore.SkippedSnapshot> skippedSnapshots)
{
    /**
     * @return replayed commands per second, 0 when nothing was replayed.
     */
    public double commandsPerSecond()
    {
        return nanos == 0 ? 0 : replayedCommands * 1e9 / nanos;
    }
}
