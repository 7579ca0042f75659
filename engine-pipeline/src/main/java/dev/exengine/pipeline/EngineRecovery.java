package dev.exengine.pipeline;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.core.command.CommandType;
import dev.exengine.journal.CommandJournal;
import dev.exengine.journal.JournalEnd;
import dev.exengine.journal.LockedJournal;
import dev.exengine.journal.SkippedCommands;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.logging.AuditEvent;
import dev.exengine.logging.AuditLog;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.replay.CommandApplier;
import dev.exengine.replay.FailedCommand;
import dev.exengine.replay.JournalReplay;
import dev.exengine.replay.RecoveryException;
import dev.exengine.replay.ReplayResult;
import dev.exengine.storage.PretouchThread;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.logging.Level;

/**
 * The engine's start up to its pipeline: the journal's lock, then the decision (the journal's end, the snapshot the
 * state starts from, the commands it leaves out) made while changing nothing, so that a refusal leaves the data
 * directory as it was; then the changes it decided (the journal's tail repaired, snapshots of a lost tail set aside,
 * skips journaled), each reported. What it opened it closes again when it fails.
 */
final class EngineRecovery
{
    private static final System.Logger LOG = System.getLogger(Engine.class.getName());

    /** The journal opened for appending, and the state recovered to its end. */
    record Recovered(CommandJournal journal, ReplayResult replay)
    {
    }

    private final EngineConfig config;
    private final SnapshotStore snapshots;
    private final CommandApplier applier;
    private final EngineMetrics metrics;
    private final AuditLog audit;

    private EngineRecovery(final EngineConfig config, final SnapshotStore snapshots, final CommandApplier applier,
        final EngineMetrics metrics, final AuditLog audit)
    {
        this.config = config;
        this.snapshots = snapshots;
        this.applier = applier;
        this.metrics = metrics;
        this.audit = audit;
    }

    /**
     * Recovers the state from the newest valid snapshot and the journal, and opens the journal behind it.
     *
     * @throws RecoveryException when the journal or the snapshots cannot be trusted; nothing was changed then, and
     *                           nothing is left open.
     */
    static Recovered recover(final EngineConfig config, final SnapshotStore snapshots, final CommandApplier applier,
        final EngineMetrics metrics, final AuditLog audit)
    {
        return new EngineRecovery(config, snapshots, applier, metrics, audit).recover();
    }

    private Recovered recover()
    {
        LockedJournal locked = null;
        CommandJournal openedJournal = null;
        try
        {
            // First the journal's lock, so that this is the directory's one writer. Then the start decides everything
            // (the journal's end, the snapshot it starts from, the commands it leaves out) while changing nothing, so
            // that a refusal leaves the data directory as it was.
            locked = LockedJournal.lock(config.journalDirectory());
            final JournalEnd end = locked.end();
            final long journalEnd = end.lastSequence();
            if (journalEnd == 0 && snapshots.hasSnapshots())
            {
                // Not a journal that lost its tail: none at all. A wrong directory, more likely than a lost one.
                throw new RecoveryException("journal " + config.journalDirectory() + " is empty but " +
                    config.snapshotDirectory() + " holds snapshots: is it the right journal? Move the snapshots " +
                    "away to start from nothing");
            }
            // Up to the journal's end: a snapshot past it (the journal lost its tail) is not loaded.
            final ReplayResult recovered = JournalReplay.of(config.journalDirectory()).snapshots(snapshots)
                .applier(applier).untilSequence(journalEnd).run();
            if (journalEnd != recovered.lastSequence())
            {
                throw new RecoveryException("journal " + config.journalDirectory() + " continues at sequence " +
                    (journalEnd + 1) + " but the recovered state ends at " + recovered.lastSequence());
            }
            refuseDeepFailures(recovered, journalEnd);

            // Decided: from here on the start changes the data directory, first by repairing the journal's tail.
            openedJournal = locked.open(config.durabilityMode());
            if (config.journalPretouchAhead() > 0)
            {
                openedJournal.pretouch(config.journalPretouchAhead(), PretouchThread.INTERVAL_NANOS);
            }
            reportRecovery(openedJournal, end, recovered);
            snapshots.deleteIncompleteWrites().forEach(path -> LOG.log(System.Logger.Level.WARNING,
                "deleted the incomplete snapshot write " + path + " left by a crash"));
            snapshots.setAsideBeyond(journalEnd).forEach(path -> LOG.log(System.Logger.Level.WARNING,
                "set aside snapshot " + path + " (renamed *" + SnapshotStore.BEYOND_JOURNAL_SUFFIX + "): it covers " +
                "commands past the journal's end at " + journalEnd + ", which the journal lost (PROCESS mode and a " +
                "power loss?); those commands are gone"));
            journalSkips(openedJournal, skipsToJournal(recovered, journalEnd), recovered.lastTimestamp());
            SkippedCommands.retire(config.journalDirectory());
            countStartingSnapshot(recovered.snapshotSequence());
            return new Recovered(openedJournal, recovered);
        }
        catch (final RuntimeException | Error failure)
        {
            // The journal, once open, holds the lock; before, the lock alone is released.
            final AutoCloseable open = openedJournal != null ? openedJournal : locked;
            if (open != null)
            {
                try
                {
                    open.close();
                }
                catch (final Exception ex)
                {
                    failure.addSuppressed(ex);
                }
            }
            throw failure;
        }
    }

    /**
     * Refuses the start when a command failed in the start-up replay deeper in the journal than a run can have been
     * leaving it out when it stopped: further from the end than twice the input ring (the journal runs at most a ring
     * ahead of the logic, and the logic journals its SKIP_COMMAND record within about a ring of the command). The run
     * that journaled it went past it, so applied it, and its events left: this version does not apply the journal as
     * that one did. The operator decides; nothing is changed before.
     *
     * @throws RecoveryException for a command that failed deeper in the journal than the ring reaches.
     */
    private void refuseDeepFailures(final ReplayResult recovered, final long journalEnd)
    {
        final long reach = 2L * config.inputRingSize();
        for (final FailedCommand failed : recovered.failedCommands())
        {
            final long fromEnd = journalEnd - failed.sequence();
            if (fromEnd >= reach)
            {
                throw new RecoveryException("the command at journal sequence " + failed.sequence() + " fails inside " +
                    "the business logic in the start-up replay, " + fromEnd + " commands before the journal's end: " +
                    "further than twice this start's input ring (" + config.inputRingSize() + " slots), so the run " +
                    "that journaled it applied it (unless it ran with a larger ring), and its events left. This " +
                    "version does not apply the journal as that one did. Start the version that wrote it, or, to " +
                    "leave the command out of the state for good, journal its skip with the engine stopped: " +
                    "bin/engine skip --data DIR " + failed.sequence(), failed.cause());
            }
        }
    }

    /**
     * What the start journals as left out before it serves anything: the commands a journal of an older version listed
     * in its skipped-commands file ({@link SkippedCommands}, retired once journaled; those past the journal's end were
     * lost with it), and each command that failed in the start-up replay although no SKIP_COMMAND record names it
     * (within reach of the journal's end, {@link #refuseDeepFailures}): a run stopped while leaving it out, before it
     * journaled that, and its clients heard nothing of it (that run held back the reject and everything after it).
     */
    private List<Long> skipsToJournal(final ReplayResult recovered, final long journalEnd)
    {
        final TreeSet<Long> skips = new TreeSet<>();
        for (final long listed : SkippedCommands.read(config.journalDirectory()))
        {
            if (listed <= journalEnd)
            {
                skips.add(listed);
            }
            else
            {
                LOG.log(System.Logger.Level.WARNING, "forgot skipped command " + listed + ": past the journal's end " +
                    "at " + journalEnd + ", so the journal lost it; the sequence will name a new command");
            }
        }
        for (final FailedCommand failed : recovered.failedCommands())
        {
            skips.add(failed.sequence());
            LOG.log(System.Logger.Level.WARNING, "the command at journal sequence " + failed.sequence() +
                " fails inside the business logic in the start-up replay. It is " + (journalEnd - failed.sequence()) +
                " commands before the journal's end, within reach of the input ring: the last run stopped, it seems, " +
                "while leaving it out, before it journaled that (its clients heard nothing of it). It is left out " +
                "of the state and a SKIP_COMMAND record is journaled, so that every later replay leaves it out too. " +
                "Had that run applied it (a change of version since), its events left and this state differs from " +
                "theirs", failed.cause());
        }
        return List.copyOf(skips);
    }

    /** Journals a SKIP_COMMAND record for each command, and commits them, before the pipeline starts. */
    private static void journalSkips(final CommandJournal journal, final List<Long> skips, final long timestamp)
    {
        if (skips.isEmpty())
        {
            return;
        }
        final Command skip = new Command();
        final ByteBuffer encoded = ByteBuffer.allocate(CommandCodec.MAX_ENCODED_LENGTH);
        final UnsafeBuffer view = new UnsafeBuffer(encoded);
        for (final long skipped : skips)
        {
            skip.reset().type(CommandType.SKIP_COMMAND).skippedSequence(skipped);
            journal.append(timestamp, 0, encoded, 0, CommandCodec.encode(skip, view, 0));
        }
        journal.flush();
    }

    /** The snapshot the state started from is the newest one, until the engine writes another. */
    private void countStartingSnapshot(final long snapshotSequence)
    {
        if (snapshotSequence == 0)
        {
            return;
        }
        metrics.snapshotSequence.setOpaque(snapshotSequence);
        try
        {
            metrics.snapshotTime.setOpaque(
                Files.getLastModifiedTime(snapshots.path(snapshotSequence)).toMillis());
        }
        catch (final IOException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "cannot read when the snapshot at " + snapshotSequence +
                " was written: its age is not reported until the next one", ex);
        }
    }

    /** Says how the state was recovered, and what of the journal the start found damaged and what it did about it. */
    private void reportRecovery(final CommandJournal journal, final JournalEnd end, final ReplayResult recovered)
    {
        final AuditEvent recovery = audit.event("recovery", Level.INFO);
        if (recovery.admit(System.nanoTime() / 1_000_000))
        {
            recovery.log(String.format(Locale.ROOT,
                "recovered to journal sequence %d: snapshot at %d, %d commands replayed in %.3f s (%.0f commands/s)",
                recovered.lastSequence(), recovered.snapshotSequence(), recovered.replayedCommands(),
                recovered.nanos() / 1e9, recovered.commandsPerSecond()),
                "sequence", recovered.lastSequence(), "snapshot", recovered.snapshotSequence(),
                "replayed", recovered.replayedCommands(), "millis", recovered.nanos() / 1_000_000,
                "skipped_snapshots", (long)recovered.skippedSnapshots().size(),
                "damaged_tail", end.pastTheEnd().isPresent(), "damaged_record", end.corruption().isPresent());
        }
        recovered.skippedSnapshots().forEach(skipped -> LOG.log(System.Logger.Level.WARNING,
            "skipped damaged snapshot " + skipped.path() + ": " + skipped.reason()));
        end.pastTheEnd().ifPresent(discarded -> LOG.log(System.Logger.Level.WARNING,
            "discarded the journal's damaged tail " + discarded + ". Any command journaled there is lost, as a crash " +
            "or a power loss loses the commands of an uncommitted batch (PROCESS mode: every unwritten page), and " +
            "its sequence will name a new command" + (journal.setAsideFiles().isEmpty() ? "" :
            "; the damaged file(s) are kept as " + journal.setAsideFiles()) + ". If a replica or a backup holds more " +
            "of the journal, stop the engine now and restore the journal from it: every command from here on takes " +
            "the next sequence"));
        // Past the snapshot the replay would have stopped at it; before, the state does not need it, but the journal
        // no longer replays from the start.
        end.corruption().ifPresent(damaged -> LOG.log(System.Logger.Level.WARNING, damaged.getMessage() +
            ", before the snapshot at " + recovered.snapshotSequence() + " that the state starts from: the state is " +
            "whole, but no replay gets past that record (replay-tool replay from an older snapshot or from scratch, " +
            "verify, a rebuild from an older snapshot, a catch-up of the gateway's messages from before it). " +
            "Restore the journal's cycle file holding it from a replica or a backup"));
    }
}
