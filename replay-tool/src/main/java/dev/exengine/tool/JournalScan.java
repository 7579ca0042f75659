package dev.exengine.tool;

import dev.exengine.journal.JournalReader;
import dev.exengine.journal.JournalRecordHandler;

/** Reads a journal from the reader's position to its current end, in batches, telling a progress meter. */
final class JournalScan
{
    static final int BATCH = 4096;

    private JournalScan()
    {
    }

    /** @return how many records were delivered. */
    static long toEnd(final JournalReader reader, final JournalRecordHandler handler, final ProgressMeter meter)
    {
        long delivered = 0;
        int batch;
        while ((batch = reader.poll(handler, BATCH)) > 0)
        {
            delivered += batch;
            meter.update(delivered);
        }
        return delivered;
    }
}
