package dev.exengine.server;

import dev.exengine.core.event.Event;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.EventHistory;
import dev.exengine.replay.JournalReplay;
import dev.exengine.replay.RecoveryException;

import java.nio.file.Path;

/**
 * The node's {@link EventHistory}: replays its journal from the newest valid snapshot at or before the first sequence
 * asked for, in one walk that hands on each command's origin, and passes on only the events asked for.
 */
final class JournalHistory implements EventHistory
{
    private final Path journalDirectory;
    private final Path snapshotDirectory;

    JournalHistory(final Path journalDirectory, final Path snapshotDirectory)
    {
        this.journalDirectory = journalDirectory;
        this.snapshotDirectory = snapshotDirectory;
    }

    @Override
    public void replay(final long afterSequence, final long throughSequence, final EngineOutput output)
    {
        final EngineOutput asked = new EngineOutput()
        {
            @Override
            public void onEvent(final Event event, final long origin)
            {
                // The replay starts at a snapshot at or before the first sequence asked for: pass over what precedes.
                if (event.sequence() > afterSequence)
                {
                    output.onEvent(event, origin);
                }
            }
        };
        try
        {
            // Every command it meets was applied by a run: one that fails now means the events derived would not be
            // those that run sent.
            JournalReplay.of(journalDirectory)
                .snapshots(snapshotDirectory)
                .eventsAfter(afterSequence)
                .untilSequence(throughSequence)
                .output(asked)
                .failFast()
                .run();
        }
        catch (final RecoveryException ex)
        {
            throw new IllegalStateException("cannot replay the events of journal sequences " + (afterSequence + 1) +
                ".." + throughSequence + " from " + journalDirectory + ": " + ex.getMessage(), ex);
        }
        output.onBatchEnd();
    }
}
