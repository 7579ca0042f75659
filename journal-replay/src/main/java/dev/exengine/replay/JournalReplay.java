package dev.exengine.replay;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.event.EventListener;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.journal.JournalReader;
import dev.exengine.journal.JournalRecordHandler;
import dev.exengine.journal.SkippedCommands;
import dev.exengine.journal.snapshot.SnapshotStore;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * Rebuilds the state from the newest valid snapshot (or from nothing) plus the journal after it, in a tight loop:
 * no rings, no threads, no output unless a listener is given. Start-up recovery, the live engine's rebuild after a
 * failed command, the gateway's catch-up (through the node's {@link dev.exengine.core.port.EventHistory}) and the
 * operators' replay tool all use this one class, so they cannot disagree; it hands on each command's origin from the
 * journal in the same walk ({@link #output}). A replay changes nothing on disk ({@link JournalReader#openReadOnly}):
 * the engine's start replays before it decides to start, and a refused start leaves the data directory as it was.
 *
 * <p>The journal says which commands a run left out: a command that threw inside the business logic was rejected
 * with {@code INTERNAL_ERROR} and the engine journaled a {@code SKIP_COMMAND} record naming it (after it, before
 * anything computed without it left the engine). Before it replays, this class reads the journal from its starting
 * point to the end for those records, so that it leaves each such command out when it meets it, whether or not the
 * command would fail again, and reports the same reject the run reported ({@link BusinessLogicProcessor#leaveOut}).
 * (A journal written before skips were journaled lists them in a {@link SkippedCommands} file beside it; that is read
 * too.) A command that throws in this replay although nothing says it was left out is left out too: the replay starts
 * again from the snapshot without it, as the live engine did. The result names those, with what they threw
 * ({@link ReplayResult#failedCommands()}).
 */
public final class JournalReplay
{
    /** Told how far a long replay has come. */
    @FunctionalInterface
    public interface Progress
    {
        void onProgress(long lastSequence, long replayedCommands);
    }

    private static final int POLL_LIMIT = 4096;
    private static final EventListener NO_EVENTS = event -> { };

    private final Path journalDirectory;
    private SnapshotStore snapshots;
    private long untilSequence = Long.MAX_VALUE;
    private long untilTimestamp = Long.MAX_VALUE;
    private long eventsAfter = Long.MAX_VALUE;
    private EventListener listener = NO_EVENTS;
    private CommandApplier applier = CommandApplier.DIRECT;
    private boolean failFast;
    private Progress progress;
    /** The origin of the command being applied, for {@link #output}. */
    private long origin;
    private final TreeSet<Long> skipped = new TreeSet<>();
    private final List<FailedCommand> failed = new ArrayList<>();

    private JournalReplay(final Path journalDirectory)
    {
        this.journalDirectory = journalDirectory;
        skipped.addAll(SkippedCommands.read(journalDirectory));
    }

    /** Collects the commands the journal says were left out, from {@code fromSequence} to the journal's end. */
    private void scanForSkips(final long fromSequence)
    {
        final Command record = new Command();
        final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
        final byte skipCode = CommandType.SKIP_COMMAND.code();
        try (JournalReader reader = JournalReader.openReadOnly(journalDirectory))
        {
            if (!reader.seek(fromSequence))
            {
                return;
            }
            final JournalRecordHandler collector = (sequence, timestamp, origin, buffer, offset, length) ->
            {
                if (length > 0 && buffer.get(offset) == skipCode)
                {
                    payload.wrap(buffer, offset, length);
                    if (CommandCodec.decode(payload, 0, length, record) != CommandCodec.MALFORMED)
                    {
                        skipped.add(record.skippedSequence());
                    }
                }
            };
            while (reader.poll(collector, POLL_LIMIT) > 0)
            {
                // Reads on to the end.
            }
        }
    }

    public static JournalReplay of(final Path journalDirectory)
    {
        return new JournalReplay(journalDirectory);
    }

    /**
     * Starts from the newest valid snapshot in this directory instead of from nothing.
     */
    public JournalReplay snapshots(final Path snapshotDirectory)
    {
        return snapshots(SnapshotStore.open(snapshotDirectory));
    }

    /**
     * Starts from the newest valid snapshot in this store instead of from nothing.
     */
    public JournalReplay snapshots(final SnapshotStore store)
    {
        this.snapshots = store;
        return this;
    }

    /**
     * Stops after the command with this journal sequence; starts from the newest snapshot at or before it.
     */
    public JournalReplay untilSequence(final long untilSequence)
    {
        this.untilSequence = untilSequence;
        return this;
    }

    /**
     * Stops before the first command with a later timestamp.
     */
    public JournalReplay untilTimestamp(final long untilTimestamp)
    {
        this.untilTimestamp = untilTimestamp;
        return this;
    }

    /**
     * Starts from the newest snapshot at or before this journal sequence, so that the listener gets the events of
     * every command after it (and perhaps some before it: a listener filters by {@code event.sequence()}).
     */
    public JournalReplay eventsAfter(final long journalSequence)
    {
        this.eventsAfter = journalSequence;
        return this;
    }

    /**
     * Receives the events the replayed commands produce (events of commands inside the snapshot are not replayed).
     */
    public JournalReplay listener(final EventListener listener)
    {
        this.listener = listener;
        return this;
    }

    /**
     * Receives the events the replayed commands produce, each with the origin journaled with its command, as the live
     * engine hands them to its outputs (events of commands inside the snapshot are not replayed).
     */
    public JournalReplay output(final EngineOutput output)
    {
        this.listener = event -> output.onEvent(event, origin);
        return this;
    }

    /**
     * Hands each command to the business logic through this step (the live engine's own, so that its replays apply
     * commands as it does) instead of directly.
     */
    public JournalReplay applier(final CommandApplier applier)
    {
        this.applier = applier;
        return this;
    }

    /**
     * Throws at the first command that fails, instead of leaving it out and replaying again: for a replay of commands
     * a run has applied, where a failure means that the business logic does not replay as it ran, and no state
     * without the command is the one that run served.
     */
    public JournalReplay failFast()
    {
        this.failFast = true;
        return this;
    }

    /**
     * Leaves out the command at this sequence too: one the live engine just found failing, whose SKIP_COMMAND record
     * is not journaled yet.
     */
    public JournalReplay skipping(final long sequence)
    {
        skipped.add(sequence);
        return this;
    }

    public JournalReplay progress(final Progress progress)
    {
        this.progress = progress;
        return this;
    }

    /**
     * @throws RecoveryException when the journal does not continue after the snapshot, or a record holds no command
     *                           this version understands (a snapshot that disagrees with its own hash is skipped).
     * @throws dev.exengine.journal.JournalCorruptedException when a record in the middle of the journal is damaged.
     */
    public ReplayResult run()
    {
        final long start = System.nanoTime();
        boolean scanned = false;
        while (true)
        {
            final Attempt attempt = new Attempt();
            attempt.loadSnapshot();
            if (!scanned)
            {
                scanForSkips(attempt.snapshotSequence + 1);
                scanned = true;
            }
            final FailedCommand failure = attempt.replay();
            if (failure == null)
            {
                return new ReplayResult(
                    attempt.logic, attempt.snapshotSequence, attempt.lastSequence, attempt.lastTimestamp,
                    attempt.replayed, System.nanoTime() - start, List.copyOf(skipped), List.copyOf(failed),
                    attempt.skippedSnapshots);
            }
            if (failFast)
            {
                throw new RecoveryException("applying the command at journal sequence " + failure.sequence() +
                    " failed in a replay of commands a run had applied: the business logic does not replay as it " +
                    "ran, or the replay's listener failed (the cause says which)", failure.cause());
            }
            if (!skipped.add(failure.sequence()))
            {
                throw new RecoveryException("command at journal sequence " + failure.sequence() +
                    " fails even when replayed again", failure.cause());
            }
            failed.add(failure);
        }
    }

    private final class Attempt implements JournalRecordHandler
    {
        private final Command command = new Command();
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private BusinessLogicProcessor logic = new BusinessLogicProcessor();
        private List<SnapshotStore.SkippedSnapshot> skippedSnapshots = Collections.emptyList();
        private long snapshotSequence;
        private long lastSequence;
        private long lastTimestamp;
        private long replayed;
        private boolean done;
        private FailedCommand failure;

        FailedCommand replay()
        {
            if (lastSequence >= untilSequence)
            {
                return null;
            }
            try (JournalReader reader = JournalReader.openReadOnly(journalDirectory))
            {
                if (!reader.seek(snapshotSequence + 1))
                {
                    throw new RecoveryException("journal " + journalDirectory + " does not continue after snapshot " +
                        "sequence " + snapshotSequence + " (journal ends at " + reader.lastSequence() + ")");
                }
                while (!done && failure == null && lastSequence < untilSequence && reader.poll(this, POLL_LIMIT) > 0)
                {
                    if (progress != null)
                    {
                        progress.onProgress(lastSequence, replayed);
                    }
                }
            }
            return failure;
        }

        @Override
        public void onRecord(
            final long sequence, final long timestamp, final long origin, final ByteBuffer buffer, final int offset,
            final int length)
        {
            if (done || failure != null || sequence > untilSequence || timestamp > untilTimestamp)
            {
                done = true;
                return;
            }
            view.wrap(buffer, offset, length);
            if (CommandCodec.decode(view, 0, length, command) == CommandCodec.MALFORMED)
            {
                throw new RecoveryException("journal record " + sequence + " in " + journalDirectory +
                    " holds no command this version understands");
            }
            JournalReplay.this.origin = origin;
            if (skipped.contains(sequence))
            {
                logic.leaveOut(command, sequence, timestamp, listener);
            }
            else
            {
                try
                {
                    applier.apply(logic, command, sequence, timestamp, listener);
                }
                catch (final RuntimeException ex)
                {
                    failure = new FailedCommand(sequence, ex);
                    return;
                }
            }
            lastSequence = sequence;
            lastTimestamp = timestamp;
            replayed++;
        }

        /**
         * The newest valid snapshot at or before the bound whose state restores to the hash it was taken at; one
         * that does not (a damage its checksum missed, or a writer's bug) is skipped like a damaged one, and the
         * replay starts from an older one, or from scratch.
         */
        private void loadSnapshot()
        {
            if (snapshots == null)
            {
                return;
            }
            final List<SnapshotStore.SkippedSnapshot> skippedOnTheWay = new ArrayList<>();
            long bound = Math.min(untilSequence, eventsAfter);
            while (true)
            {
                final SnapshotStore.LoadResult loaded = snapshots.loadNewestValidAtOrBefore(bound);
                skippedOnTheWay.addAll(loaded.skipped());
                if (loaded.snapshot().isEmpty())
                {
                    skippedSnapshots = List.copyOf(skippedOnTheWay);
                    return;
                }
                final SnapshotStore.SnapshotInfo info = loaded.snapshot().get();
                final ByteBuffer state = loaded.state();
                final BusinessLogicProcessor restored =
                    BusinessLogicProcessor.readSnapshot(new UnsafeBuffer(state), state.position(), state.remaining());
                if (restored.stateHash() == info.stateHash())
                {
                    logic = restored;
                    snapshotSequence = info.journalSequence();
                    lastSequence = snapshotSequence;
                    skippedSnapshots = List.copyOf(skippedOnTheWay);
                    return;
                }
                skippedOnTheWay.add(new SnapshotStore.SkippedSnapshot(info.path(), "restores to state hash " +
                    Long.toHexString(restored.stateHash()) + " but was taken at " +
                    Long.toHexString(info.stateHash())));
                bound = info.journalSequence() - 1;
            }
        }
    }
}
