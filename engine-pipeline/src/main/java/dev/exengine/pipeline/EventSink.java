package dev.exengine.pipeline;

import com.lmax.disruptor.RingBuffer;
import dev.exengine.core.event.Event;
import dev.exengine.pipeline.config.ReplicationGate;
import org.agrona.concurrent.IdleStrategy;

import java.util.Arrays;
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
     * The input batch ended: nothing more is coming right now.
     *
     * @param journalSequence the journal sequence of the last command the logic has met.
     */
    abstract void endOfBatch(long journalSequence);

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
        void endOfBatch(final long journalSequence)
        {
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
        void endOfBatch(final long journalSequence)
        {
            outputs.batchEnd();
        }
    }

    /**
     * Delivers on the logic thread, as {@link Direct}, a batch at a time once a standby has its records
     * ({@code REPLICATED} durability): the batch's events are kept until the {@link ReplicationGate} releases the
     * journal through the batch's last command, one round trip per batch. Allocates nothing once the copies have grown
     * to the longest batch.
     */
    static final class Replicated extends EventSink
    {
        private final Outputs outputs;
        private final ReplicationGate gate;
        private final IdleStrategy idle;
        private final BooleanSupplier giveUp;
        private Event[] events = newEvents(256);
        private long[] origins = new long[256];
        private int count;

        /**
         * @param giveUp true when waiting is to stop (the engine closes, the standby is gone for good): the batch is
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
            if (count == events.length)
            {
                final Event[] grown = newEvents(2 * count);
                System.arraycopy(events, 0, grown, 0, count);
                events = grown;
                origins = Arrays.copyOf(origins, 2 * count);
            }
            events[count].copyFrom(event);
            origins[count++] = origin;
        }

        @Override
        void endOfBatch(final long journalSequence)
        {
            while (gate.releasableThrough() < journalSequence)
            {
                if (giveUp.getAsBoolean())
                {
                    count = 0;
                    throw new IllegalStateException("stopped waiting for the standby to have journal sequence " +
                        journalSequence + ": what it caused was never released");
                }
                idle.idle();
            }
            idle.reset();
            for (int i = 0; i < count; i++)
            {
                outputs.deliver(events[i], origins[i]);
            }
            count = 0;
            outputs.batchEnd();
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
