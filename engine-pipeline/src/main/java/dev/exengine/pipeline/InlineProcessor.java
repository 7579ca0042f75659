package dev.exengine.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;

/**
 * Input-ring consumer for {@link dev.exengine.pipeline.config.PipelineMode#INLINE}: the journaller and the business
 * logic on one thread. It journals the commands of a segment (a ring batch, cut at {@link #segmentFor} slots),
 * commits them in one go, and only then applies them and delivers their events, so everything that leaves is
 * durable without a gate or a second thread. The segment's slots stay valid until this handler returns from the
 * batch's last one: the ring cannot reuse a slot before this consumer's sequence passes it.
 */
final class InlineProcessor implements EventHandler<InputSlot>
{
    /** At most this many commands wait in one uncommitted segment: bounds latency when a long batch arrives. */
    static final int MAX_SEGMENT = 256;
    /**
     * The cap when each segment ends with a force to the device: that takes about a millisecond on its own, so a
     * longer segment costs little latency and carries many more commands per force (group commit) under load.
     */
    static final int MAX_FORCED_SEGMENT = 4096;

    private final Journaller journaller;
    private final LogicProcessor logic;
    private final RingBuffer<InputSlot> ring;
    private final int maxSegment;
    private long segmentStart = -1;

    InlineProcessor(
        final Journaller journaller, final LogicProcessor logic, final RingBuffer<InputSlot> ring, final int maxSegment)
    {
        this.journaller = journaller;
        this.logic = logic;
        this.ring = ring;
        this.maxSegment = maxSegment;
    }

    /**
     * The segment cap for a journal that forces every segment or not, at most a quarter of the ring, so that
     * producers keep room while a segment is forced.
     */
    static int segmentFor(final boolean forced, final int ringSize)
    {
        return Math.max(1, Math.min(forced ? MAX_FORCED_SEGMENT : MAX_SEGMENT, ringSize / 4));
    }

    @Override
    public void onStart()
    {
        journaller.onStart();
        logic.onStart();
    }

    /**
     * The calling thread runs the pipeline from now on (a hosted pipeline's closer, after its host): the thread that
     * ran it stopped, and a lock orders the two.
     */
    void handOverToCallingThread()
    {
        journaller.handOverToCallingThread();
    }

    @Override
    public void onEvent(final InputSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (segmentStart < 0)
        {
            segmentStart = sequence;
        }
        final boolean segmentEnds = endOfBatch || sequence - segmentStart + 1 >= maxSegment;
        try
        {
            journaller.onEvent(slot, sequence, segmentEnds);
        }
        catch (final RuntimeException ex)
        {
            // The engine halts on this; nothing of the segment may be applied, since none of it is committed.
            segmentStart = -1;
            throw ex;
        }
        if (segmentEnds)
        {
            final long first = segmentStart;
            segmentStart = -1;
            if (journaller.hasFailed())
            {
                return;
            }
            // The logic reads only the batch size (its queue depth is not used).
            logic.onBatchStart(sequence - first + 1, sequence - first + 1);
            for (long applied = first; applied <= sequence; applied++)
            {
                logic.onEvent(ring.get(applied), applied, applied == sequence);
            }
        }
    }
}
