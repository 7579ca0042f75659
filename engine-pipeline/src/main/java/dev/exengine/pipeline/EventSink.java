package dev.exengine.pipeline;

import com.lmax.disruptor.RingBuffer;
import dev.exengine.core.event.Event;

/**
 * Where the logic thread puts the events it produces: into the output ring, for the durability gate on its own
 * thread ({@code PARALLEL} pipeline mode), or, when the logic already runs behind the journaller ({@code SERIAL},
 * {@code INLINE}), straight to the outputs on the logic thread, which saves a thread and a handoff. Allocates nothing
 * per event.
 */
abstract class EventSink
{
    /** Takes one event of the command at {@code inputSequence}; the event is reused after the call. */
    abstract void accept(Event event, long origin, long inputSequence);

    /** The input batch ended: nothing more is coming right now. */
    abstract void endOfBatch();

    /** Hands each event to the output ring; the ring's consumer gates and delivers it. */
    static final class Ring extends EventSink
    {
        private final RingBuffer<OutputSlot> ring;

        Ring(final RingBuffer<OutputSlot> ring)
        {
            this.ring = ring;
        }

        @Override
        void accept(final Event event, final long origin, final long inputSequence)
        {
            final long claimed = ring.next();
            final OutputSlot slot = ring.get(claimed);
            slot.event.copyFrom(event);
            slot.origin = origin;
            slot.inputSequence = inputSequence;
            ring.publish(claimed);
        }

        @Override
        void endOfBatch()
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
        void accept(final Event event, final long origin, final long inputSequence)
        {
            outputs.deliver(event, origin);
        }

        @Override
        void endOfBatch()
        {
            outputs.batchEnd();
        }
    }
}
