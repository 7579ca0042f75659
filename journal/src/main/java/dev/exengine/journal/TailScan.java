package dev.exengine.journal;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Walks back from the end of the queue to the last valid record, which is the last valid one inside the last
 * document holding any, counting the unverifiable frames after it (see {@link RecordBatch}).
 */
final class TailScan
{
    final long lastSequence;
    final long lastTimestamp;
    final long unverifiableTail;

    private TailScan(final long lastSequence, final long lastTimestamp, final long unverifiableTail)
    {
        this.lastSequence = lastSequence;
        this.lastTimestamp = lastTimestamp;
        this.unverifiableTail = unverifiableTail;
    }

    /** @return the scan; {@code lastSequence} is 0 when no valid record exists. */
    static TailScan of(final SingleChronicleQueue queue, final String where)
    {
        final RecordBatch batch = new RecordBatch();
        long unverifiable = 0;
        try (ExcerptTailer tailer = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return new TailScan(0, 0, unverifiable);
                    }
                    batch.load(dc.wire().bytes());
                    final int after = batch.verifyToLastValid(where);
                    if (after >= 0)
                    {
                        return new TailScan(batch.lastValidSequence(), batch.lastValidTimestamp(), unverifiable + after);
                    }
                    unverifiable += -after - 1;
                }
            }
        }
    }
}
