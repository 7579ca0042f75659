package dev.exengine.journal;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/** Walks back from the end of the queue to the last valid record, counting the unverifiable records after it. */
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
        final RecordFrame frame = new RecordFrame();
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
                    if (frame.load(dc.wire().bytes(), where))
                    {
                        return new TailScan(frame.sequence(), frame.timestamp(), unverifiable);
                    }
                    unverifiable++;
                }
            }
        }
    }
}
