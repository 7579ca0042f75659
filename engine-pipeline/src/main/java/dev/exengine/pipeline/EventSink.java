package dev.exengine.pipeline;

import com.lmax.disruptor.RingBuffer;
import dev.exengine.core.event.Event;
import dev.exengine.pipeline.config.ReplicationGate;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Where the logic thread puts the events it produces: into the output ring, for the durability gate on its own
 * thread ({@code PARALLEL} pipeline mode), or, when the logic already runs behind the journaller ({@code SERIAL},
 * {@code INLINE}), straight to the outputs on the logic thread, which saves a thread and a handoff. Allocates nothing
 * per event.
 */
abstract class EventSink
{
    /** The arrival of a command whose latency is not measured: a record replicated from the primary. */
    static final long UNTIMED = Long.MIN_VALUE;

    /**
     * Takes one event of the command at {@code inputSequence}; the event is reused after the call.
     *
     * @param arrivalNanos when the command entered the input ring (the engine's clock), or {@link #UNTIMED}.
     */
    abstract void accept(Event event, long origin, long inputSequence, long arrivalNanos);

    /**
     * The input batch ended.
     *
     * @param journalSequence the journal sequence of the last command the logic has met.
     * @param mayDefer        more commands wait in the input ring, and the logic can keep more unreleased: a sink that
     *                        waits before it releases may leave this batch waiting and take the next one meanwhile.
     * @return true when every event taken so far has been released; false when some were left waiting.
     */
    abstract boolean endOfBatch(long journalSequence, boolean mayDefer);

    /** Hands each event to the output ring; the ring's consumer gates and delivers it. */
    static final class Ring extends EventSink
    {
        private final RingBuffer<OutputSlot> ring;

        Ring(final RingBuffer<OutputSlot> ring)
        {
            this.ring = ring;
        }

        @Override
        void accept(final Event event, final long origin, final long inputSequence, final long arrivalNanos)
        {
            final long claimed = ring.next();
            final OutputSlot slot = ring.get(claimed);
            slot.event.copyFrom(event);
            slot.origin = origin;
            slot.inputSequence = inputSequence;
            slot.arrivalNanos = arrivalNanos;
            ring.publish(claimed);
        }

        @Override
        boolean endOfBatch(final long journalSequence, final boolean mayDefer)
        {
            return true;
        }
    }

    /** Delivers to the outputs on the logic thread, each event as it comes. */
    static final class Direct extends EventSink
    {
        private final Outputs outputs;

        Direct(final Outputs outputs)
        {
            this.outputs = outputs;
        }

        @Override
        void accept(final Event event, final long origin, final long inputSequence, final long arrivalNanos)
        {
            outputs.deliver(event, origin);
        }

        @Override
        boolean endOfBatch(final long journalSequence, final boolean mayDefer)
        {
            outputs.batchEnd();
            return true;
        }
    }

    /**
     * Delivers on the logic thread, as {@link Direct}, a batch at a time once a standby has its records
     * ({@code REPLICATED} durability): the batch's events are kept until the {@link ReplicationGate} releases the
     * journal through the batch's last command. While more commands wait in the input ring the logic does not wait
     * for the standby: it leaves the batch waiting, takes the next one (which the journal ships meanwhile), and releases
     * whatever the standby has acknowledged at each batch's end; it waits only when the ring is empty or this sink
     * holds {@link #MAX_WAITING_BATCHES} batches. The standby's round trip overlaps the primary's work instead of
     * following it. Events leave in order. Allocates nothing once the copies have grown to the most ever held.
     */
    static final class Replicated extends EventSink
    {
        /** Batches left waiting at most: beyond it the logic waits for the standby, as at an empty ring. */
        static final int MAX_WAITING_BATCHES = 1024;

        private final Outputs outputs;
        private final ReplicationGate gate;
        private final IdleStrategy idle;
        private final BooleanSupplier giveUp;
        /** Events taken and not released, a ring: taken at {@code taken}, released up to {@code released}. */
        private Event[] events = newEvents(256);
        private long[] origins = new long[256];
        private long taken;
        private long released;
        /** The batches waiting, a ring: each one's end in the events and its last journal sequence. */
        private final long[] batchEnds = new long[MAX_WAITING_BATCHES];
        private final long[] batchJournalSequences = new long[MAX_WAITING_BATCHES];
        private long batchesEnded;
        private long batchesReleased;
        /** The logic's thread while it waits on the gate (its idle strategy parks it): {@link #wake()} unparks it. */
        private volatile Thread waiting;

        /**
         * @param giveUp true when waiting is to stop (the engine closes, the standby is gone for good): what waits is
         *               then never released, and {@link #endOfBatch} throws.
         */
        Replicated(
            final Outputs outputs, final ReplicationGate gate, final IdleStrategy idle, final BooleanSupplier giveUp)
        {
            this.outputs = outputs;
            this.gate = gate;
            this.idle = idle;
            this.giveUp = giveUp;
        }

        @Override
        void accept(final Event event, final long origin, final long inputSequence, final long arrivalNanos)
        {
            if (taken - released == events.length)
            {
                grow();
            }
            final int index = (int)(taken & (events.length - 1));
            events[index].copyFrom(event);
            origins[index] = origin;
            taken++;
        }

        @Override
        boolean endOfBatch(final long journalSequence, final boolean mayDefer)
        {
            final int slot = (int)(batchesEnded & (MAX_WAITING_BATCHES - 1));
            batchEnds[slot] = taken;
            batchJournalSequences[slot] = journalSequence;
            batchesEnded++;
            releaseAcknowledged();
            if (mayDefer && batchesEnded - batchesReleased < MAX_WAITING_BATCHES)
            {
                return batchesReleased == batchesEnded;
            }
            waiting = Thread.currentThread();
            try
            {
                awaitRelease();
            }
            finally
            {
                waiting = null;
            }
            idle.reset();
            return true;
        }

        /**
         * The gate may have advanced: wakes the logic's thread if it waits on it. Safe from any thread; an unpark of a
         * thread that is not parked only makes its next park return at once, which the wait loop absorbs.
         */
        void wake()
        {
            final Thread thread = waiting;
            if (thread != null)
            {
                LockSupport.unpark(thread);
            }
        }

        private void awaitRelease()
        {
            // A look after the waiting thread is published: an advance before it is seen here, one after it unparks.
            releaseAcknowledged();
            while (batchesReleased < batchesEnded)
            {
                if (giveUp.getAsBoolean())
                {
                    final long stuck = batchJournalSequences[(int)(batchesReleased & (MAX_WAITING_BATCHES - 1))];
                    released = taken;
                    batchesReleased = batchesEnded;
                    throw new IllegalStateException("stopped waiting for the standby to have journal sequence " +
                        stuck + ": what it caused, and what came after it, was never released");
                }
                idle.idle();
                releaseAcknowledged();
            }
        }

        /** Delivers every waiting batch, oldest first, whose journal the standby has acknowledged. */
        private void releaseAcknowledged()
        {
            if (batchesReleased == batchesEnded)
            {
                return;
            }
            final long releasable = gate.releasableThrough();
            boolean any = false;
            while (batchesReleased < batchesEnded)
            {
                final int slot = (int)(batchesReleased & (MAX_WAITING_BATCHES - 1));
                if (batchJournalSequences[slot] > releasable)
                {
                    break;
                }
                final long end = batchEnds[slot];
                final int mask = events.length - 1;
                for (; released < end; released++)
                {
                    outputs.deliver(events[(int)(released & mask)], origins[(int)(released & mask)]);
                }
                batchesReleased++;
                any = true;
            }
            if (any)
            {
                outputs.batchEnd();
            }
        }

        /** Twice the room, every waiting event at the index its number gives under the new size. */
        private void grow()
        {
            final Event[] grown = newEvents(2 * events.length);
            final long[] grownOrigins = new long[grown.length];
            for (long i = released; i < taken; i++)
            {
                final int from = (int)(i & (events.length - 1));
                final int to = (int)(i & (grown.length - 1));
                // The old event object moves (no copy); the fresh one it leaves behind is dropped with the old array.
                grown[to] = events[from];
                grownOrigins[to] = origins[from];
            }
            events = grown;
            origins = grownOrigins;
        }

        private static Event[] newEvents(final int length)
        {
            final Event[] made = new Event[length];
            for (int i = 0; i < length; i++)
            {
                made[i] = new Event();
            }
            return made;
        }
    }
}
