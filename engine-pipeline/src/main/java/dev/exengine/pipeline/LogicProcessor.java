package dev.exengine.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventListener;
import dev.exengine.metrics.IntervalRecorder;
import dev.exengine.pipeline.config.ProgressListener;
import dev.exengine.replay.CommandApplier;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.EpochNanoClock;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Input-ring consumer that runs the business logic on its one thread and hands what it produces to its
 * {@link EventSink}, tagged with the input sequence of the command that caused it. Takes snapshots at the points the stream asks
 * for (on demand, every N commands). Allocates nothing per command after warm-up (the copies of a command's events
 * grow to the most events one command has made).
 *
 * <p>A command's events leave together, once the logic has applied the whole command: until then they are copies
 * kept here. If applying a command throws, none of its events leaves (a client never hears of a trade the engine
 * then takes back), and the command cannot be trusted to have left the state intact. The processor asks
 * the {@link StateRebuilder} for the state as it was before the command (snapshot plus journal, skipping the
 * command); with it the command is rejected with {@code INTERNAL_ERROR} and processing goes on. The decision is
 * journaled: the processor puts a SKIP_COMMAND record naming the command into the input ring ({@link SkipJournal}),
 * and until it meets that record again, journaled, everything it produces is held back here (the reject, and the events
 * of the commands after it, computed without it) and no snapshot is taken: a run that stops before the record is
 * journaled has told no one anything it would have to take back. Every replay leaves the command out from the record
 * alone, so live and replayed states and events agree. If the rebuild fails, the engine halts.
 *
 * <p>{@link #decidedSequence()} is the journal sequence through which every command is decided (applied, or left out
 * with its SKIP_COMMAND record journaled at or before that sequence): what a standby may apply.
 *
 * <p>The commands of a ring batch are in hand before they are applied: the processor prefetches them a group at a
 * time ({@link BusinessLogicProcessor#prefetch}), so that the cache misses of a group's order lookups overlap. This
 * only gains when the ring holds a backlog: a batch of one command is applied as it comes.
 *
 * <p>It counts the commands it takes, the events it releases and their rejects, the input ring's free slots at each
 * batch, and, where it delivers the events itself (not PARALLEL), each command's time from its entry into the ring to
 * the end of the batch that released its events ({@link EngineMetrics}: the logic's thread is their one writer).
 */
final class LogicProcessor implements EventHandler<InputSlot>, EventListener
{
    /** Rebuilds the state as it was just before a command that failed, with that command skipped for good. */
    interface StateRebuilder
    {
        BusinessLogicProcessor rebuildWithout(long journalSequence, long inputSequence);
    }

    /** Puts a SKIP_COMMAND record into the input ring, to be journaled like any command; never waits. */
    interface SkipJournal
    {
        /** @return false when the ring has no room right now (or the engine is stopping): try again later. */
        boolean tryJournal(long skippedSequence);
    }

    private final CommandApplier applier;
    /** The input ring, to read the commands of the current batch ahead of the one being applied. */
    private final RingBuffer<InputSlot> input;
    private final EventSink output;
    private final SnapshotWriter snapshotWriter;
    private final long snapshotEveryCommands;
    private final StateRebuilder rebuilder;
    private final SkipJournal skipJournal;
    private final ProgressListener progress;
    private final Failures failures;
    private final CountDownLatch started;
    private final EngineMetrics metrics;
    private final EpochNanoClock clock;
    /** Null when the events leave on another thread (PARALLEL), which times them itself. */
    private final IntervalRecorder commandLatency;
    /** The ring entry times of the current batch's commands, recorded once the batch's events are released. */
    private final long[] arrivals;
    private int arrivalCount;
    private final Sequence decided = new Sequence(0);
    /** Commands left out whose SKIP_COMMAND record is not in the ring yet, oldest first. */
    private final ArrayDeque<Long> skipsToJournal = new ArrayDeque<>();
    /** The commands whose SKIP_COMMAND records are in the ring and this processor has not met yet, oldest first. */
    private final ArrayDeque<Long> skipsInFlight = new ArrayDeque<>();
    /** What was produced while a skip is not journaled yet: released, in order, once it is. */
    private final ArrayList<Event> heldEvents = new ArrayList<>();
    private final ArrayList<Long> heldOrigins = new ArrayList<>();
    /** Copies of the events of the command being applied; the first {@link #pendingCount} are in use. */
    private Event[] pending = newEvents(16);
    private int pendingCount;
    private BusinessLogicProcessor logic;
    private long lastJournalSequence;
    private long lastTimestamp;
    private long commandsSinceSnapshot;
    private boolean snapshotDue;
    private long inputSequence;
    private long origin;
    /** When the command being applied entered the ring, or {@link EventSink#UNTIMED} (a replicated record). */
    private long arrival;
    /** The size of the batch that starts with the next event, 0 once that event has come. */
    private long startingBatchSize;
    /** The sequence of the current batch's last event. */
    private long batchEnd = -1;
    /** The last sequence of the group of slots last prefetched: those up to it are not prefetched again. */
    private long prefetchedThrough = -1;
    private volatile boolean halted;

    LogicProcessor(
        final CommandApplier applier,
        final RingBuffer<InputSlot> input,
        final BusinessLogicProcessor logic,
        final long lastJournalSequence,
        final long lastTimestamp,
        final EventSink output,
        final SnapshotWriter snapshotWriter,
        final long snapshotEveryCommands,
        final StateRebuilder rebuilder,
        final SkipJournal skipJournal,
        final ProgressListener progress,
        final Failures failures,
        final CountDownLatch started,
        final EngineMetrics metrics,
        final EpochNanoClock clock,
        final boolean timesRelease)
    {
        this.applier = applier;
        this.input = input;
        this.logic = logic;
        this.lastJournalSequence = lastJournalSequence;
        this.lastTimestamp = lastTimestamp;
        this.output = output;
        this.snapshotWriter = snapshotWriter;
        this.snapshotEveryCommands = snapshotEveryCommands;
        this.rebuilder = rebuilder;
        this.skipJournal = skipJournal;
        this.progress = progress;
        this.failures = failures;
        this.decided.set(lastJournalSequence);
        this.started = started;
        this.metrics = metrics;
        this.clock = clock;
        this.commandLatency = timesRelease ? metrics.commandLatency.recorder() : null;
        // Two rings' worth: the commands of batches left waiting for a standby, and one more batch.
        this.arrivals = new long[timesRelease ? 2 * input.getBufferSize() : 0];
    }

    /** Tells the engine this consumer's thread runs, so that a drain at close cannot miss it. */
    @Override
    public void onStart()
    {
        started.countDown();
    }

    /** The ring (or, in INLINE mode, the {@link InlineProcessor}) says how many events the next onEvent calls bring. */
    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        startingBatchSize = batchSize;
        metrics.inputRingRemaining.setOpaque(input.remainingCapacity());
    }

    @Override
    public void onEvent(final InputSlot slot, final long sequence, final boolean endOfBatch)
    {
        lastTimestamp = slot.kind == InputSlot.Kind.REPLICATED ? slot.timestamp :
            Timestamps.monotonic(lastTimestamp, slot.timestamp);
        if (startingBatchSize > 0)
        {
            batchEnd = sequence + startingBatchSize - 1;
            startingBatchSize = 0;
            arrivalCount = 0;
        }
        if (!halted)
        {
            if (sequence > prefetchedThrough)
            {
                prefetchGroup(sequence);
            }
            inputSequence = sequence;
            origin = slot.origin;
            arrival = slot.kind == InputSlot.Kind.COMMAND ? slot.timestamp : EventSink.UNTIMED;
            if (!skipsToJournal.isEmpty())
            {
                journalSkips();
            }
            if (slot.kind == InputSlot.Kind.COMMAND)
            {
                if (commandLatency != null)
                {
                    arrivals[arrivalCount++] = slot.timestamp;
                }
                apply(slot.command, slot.isJournaled());
            }
            else if (slot.kind == InputSlot.Kind.REPLICATED)
            {
                applyReplicated(slot);
            }
            else if (slot.kind == InputSlot.Kind.SNAPSHOT)
            {
                snapshotDue = true;
            }
            if (snapshotDue)
            {
                trySnapshot();
            }
        }
        if (endOfBatch)
        {
            progress.onDecided(decided.get());
            // A sink that waits for a standby may leave this batch waiting while more commands are in the ring, as long
            // as the arrivals kept for the latency of the waiting commands cannot outgrow their array with the next.
            final boolean mayDefer = input.getCursor() > sequence && arrivalCount <= input.getBufferSize();
            if (output.endOfBatch(lastJournalSequence, mayDefer) && arrivalCount > 0)
            {
                recordLatencies();
            }
        }
    }

    /**
     * Every event taken so far is released: each command's time since it entered the ring, under one clock read (for a
     * batch that waited for a standby while the next was applied, measured when the last of them left: at most late).
     */
    private void recordLatencies()
    {
        final long now = clock.nanoTime();
        final long critical = commandLatency.begin();
        try
        {
            for (int i = 0; i < arrivalCount; i++)
            {
                commandLatency.record(now - arrivals[i]);
            }
        }
        finally
        {
            commandLatency.end(critical);
            arrivalCount = 0;
        }
    }

    /**
     * Stops applying commands and producing events: after a halt nothing more may change or leave.
     */
    void halt()
    {
        halted = true;
    }

    /** An event of the command being applied: kept until the command is complete. */
    @Override
    public void onEvent(final Event event)
    {
        if (pendingCount == pending.length)
        {
            final Event[] grown = newEvents(2 * pendingCount);
            System.arraycopy(pending, 0, grown, 0, pendingCount);
            pending = grown;
        }
        pending[pendingCount++].copyFrom(event);
    }

    /**
     * @return the state; only for the logic thread, or after the pipeline has stopped.
     */
    BusinessLogicProcessor logic()
    {
        return logic;
    }

    long lastJournalSequence()
    {
        return lastJournalSequence;
    }

    /**
     * @return the journal sequence through which every command is decided: applied, or left out with its
     * SKIP_COMMAND record journaled at or before it. Safe from any thread.
     */
    long decidedSequence()
    {
        return decided.get();
    }

    /**
     * Serialises the state for a snapshot on the calling thread; only once the pipeline has stopped.
     *
     * @return false when the snapshot writer was still busy and nothing was taken.
     */
    boolean snapshotNow()
    {
        snapshotWriter.awaitIdle();
        return trySnapshot();
    }

    /** Prefetches the commands of this slot and the next ones of the batch, a group of them at most. */
    private void prefetchGroup(final long first)
    {
        final long last = Math.min(batchEnd, first + BusinessLogicProcessor.PREFETCH_GROUP - 1);
        for (long sequence = first; sequence <= last; sequence++)
        {
            final InputSlot slot = input.get(sequence);
            if (slot.kind == InputSlot.Kind.COMMAND)
            {
                applier.prefetch(logic, slot.command);
            }
        }
        prefetchedThrough = Math.max(first, last);
    }

    private void apply(final Command command, final boolean journaled)
    {
        final long journalSequence = journaled ? lastJournalSequence + 1 : lastJournalSequence;
        if (journaled)
        {
            lastJournalSequence = journalSequence;
        }
        pendingCount = 0;
        metrics.commands[command.type().ordinal()].incrementOpaque();
        try
        {
            applier.apply(logic, command, journalSequence, lastTimestamp, this);
        }
        catch (final RuntimeException ex)
        {
            onApplyFailure(command, journalSequence, ex);
            return;
        }
        if (command.type() == CommandType.SKIP_COMMAND && !skipsInFlight.isEmpty() &&
            skipsInFlight.peekFirst() == command.skippedSequence())
        {
            skipsInFlight.removeFirst();
        }
        final boolean holding = isHolding();
        for (int i = 0; i < pendingCount; i++)
        {
            if (holding)
            {
                hold(pending[i]);
            }
            else
            {
                release(pending[i], origin);
            }
        }
        if (!holding)
        {
            releaseHeld();
            if (journaled)
            {
                decided.set(journalSequence);
            }
        }
        if (journaled && snapshotEveryCommands > 0 && ++commandsSinceSnapshot >= snapshotEveryCommands)
        {
            snapshotDue = true;
        }
    }

    /**
     * A record of the primary's journal, on a standby. The primary had decided it before it came: it is left out when
     * the primary left it out (reporting the same reject), and applied otherwise; a record the primary applied that
     * throws here means the two no longer agree, and the standby halts. A record the primary had not decided when this
     * standby was promoted is any command of this primary.
     */
    private void applyReplicated(final InputSlot slot)
    {
        final long journalSequence = lastJournalSequence + 1;
        if (journalSequence != slot.journalSequence)
        {
            halted = true;
            failures.onHalt("replicated record " + slot.journalSequence + " arrived where " + journalSequence +
                " was expected", new IllegalStateException("gap in the replicated records"));
            return;
        }
        if (slot.decision == PrimaryDecision.UNDECIDED)
        {
            apply(slot.command, true);
            return;
        }
        lastJournalSequence = journalSequence;
        pendingCount = 0;
        metrics.commands[slot.command.type().ordinal()].incrementOpaque();
        try
        {
            if (slot.decision == PrimaryDecision.LEFT_OUT)
            {
                logic.leaveOut(slot.command, journalSequence, lastTimestamp, this);
            }
            else
            {
                applier.apply(logic, slot.command, journalSequence, lastTimestamp, this);
            }
        }
        catch (final RuntimeException ex)
        {
            halted = true;
            failures.onHalt("the primary applied the command at journal sequence " + journalSequence + " and this " +
                "standby cannot: the two no longer agree", ex);
            return;
        }
        for (int i = 0; i < pendingCount; i++)
        {
            release(pending[i], origin);
        }
        decided.set(journalSequence);
        if (snapshotEveryCommands > 0 && ++commandsSinceSnapshot >= snapshotEveryCommands)
        {
            snapshotDue = true;
        }
    }

    /** An event leaves the logic, counted, tagged with the input sequence of the command being applied. */
    private void release(final Event event, final long eventOrigin)
    {
        metrics.released(event);
        output.accept(event, eventOrigin, inputSequence, arrival);
    }

    /** While a command was left out and its SKIP_COMMAND record is not journaled yet, nothing may leave. */
    private boolean isHolding()
    {
        return !skipsInFlight.isEmpty() || !skipsToJournal.isEmpty();
    }

    private void hold(final Event event)
    {
        heldEvents.add(new Event().copyFrom(event));
        heldOrigins.add(origin);
    }

    /** The skips are journaled: what was held back leaves, tagged with this command's input sequence (the gate). */
    private void releaseHeld()
    {
        for (int i = 0; i < heldEvents.size(); i++)
        {
            release(heldEvents.get(i), heldOrigins.get(i));
        }
        heldEvents.clear();
        heldOrigins.clear();
    }

    /** Puts the SKIP_COMMAND records still to be journaled into the ring, as far as it has room. */
    private void journalSkips()
    {
        while (!skipsToJournal.isEmpty() && skipJournal.tryJournal(skipsToJournal.peekFirst()))
        {
            skipsInFlight.addLast(skipsToJournal.removeFirst());
        }
    }

    private void onApplyFailure(final Command command, final long journalSequence, final RuntimeException cause)
    {
        failures.onFailure("command " + command + " at journal sequence " + journalSequence + " failed", cause);
        try
        {
            logic = rebuilder.rebuildWithout(journalSequence, inputSequence);
        }
        catch (final RuntimeException rebuildFailure)
        {
            rebuildFailure.addSuppressed(cause);
            halted = true;
            failures.onHalt("could not rebuild the state before journal sequence " + journalSequence, rebuildFailure);
            return;
        }
        skipsToJournal.addLast(journalSequence);
        pendingCount = 0;
        logic.leaveOut(command, journalSequence, lastTimestamp, this);
        for (int i = 0; i < pendingCount; i++)
        {
            hold(pending[i]);
        }
        journalSkips();
    }

    private boolean trySnapshot()
    {
        if (isHolding())
        {
            // A snapshot of the state without a command whose SKIP_COMMAND record a crash could still lose.
            return false;
        }
        final ExpandableDirectByteBuffer buffer = snapshotWriter.tryAcquire();
        if (buffer == null)
        {
            return false;
        }
        final long start = System.nanoTime();
        final int length = logic.writeSnapshot(buffer, 0);
        metrics.snapshotCopy.setOpaque(System.nanoTime() - start);
        snapshotWriter.submit(inputSequence, lastJournalSequence, length);
        snapshotDue = false;
        commandsSinceSnapshot = 0;
        return true;
    }

    private static Event[] newEvents(final int count)
    {
        final Event[] events = new Event[count];
        for (int i = 0; i < count; i++)
        {
            events[i] = new Event();
        }
        return events;
    }
}
