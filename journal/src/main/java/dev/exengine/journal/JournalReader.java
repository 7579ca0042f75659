package dev.exengine.journal;

import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.util.NavigableSet;

/**
 * Reads and verifies journal records from the start, from a sequence, from a timestamp, or live while another
 * thread or process appends. Allocates nothing per record after warm-up.
 *
 * <p>Every record's length, format version and CRC are checked, and sequences must follow each other without gap.
 * A run of unverifiable records is skipped only when the valid record after it carries exactly the expected
 * sequence: that is a torn tail which {@link CommandJournal#open} recovered from, never acknowledged. Otherwise the
 * reader throws {@link JournalCorruptedException}. An unverifiable run with nothing after it is treated as the end
 * of the journal for now (the writer may still be recovering), so {@link #poll} returns 0 and retries it later.
 */
public final class JournalReader implements AutoCloseable
{
    private static final long UNKNOWN = 0;

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final RecordFrame frame = new RecordFrame();
    private final String where;
    private long expectedSequence = UNKNOWN;
    private long skippedTornRecords;

    private JournalReader(final Path directory, final SingleChronicleQueue queue)
    {
        this.directory = directory;
        this.queue = queue;
        this.where = directory.toString();
        this.tailer = queue.createTailer();
    }

    /**
     * Opens a reader positioned at the start. A directory that does not exist yet is created, so that a tailer can
     * be started before the writer.
     *
     * @throws UnsupportedJournalVersionException when the journal was written in a newer format.
     */
    public static JournalReader open(final Path directory)
    {
        return open(directory, SystemTimeProvider.INSTANCE);
    }

    public static JournalReader open(final Path directory, final TimeProvider timeProvider)
    {
        JournalMetadata.readSupported(directory);
        final SingleChronicleQueue queue = JournalQueues.open(directory, timeProvider);
        try
        {
            return new JournalReader(directory, queue);
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
    }

    /**
     * Delivers up to {@code limit} verified records to {@code handler}.
     *
     * @return how many were delivered; 0 when nothing new is there, and the caller's idle strategy decides what next.
     */
    public int poll(final JournalRecordHandler handler, final int limit)
    {
        int delivered = 0;
        while (delivered < limit && readNext())
        {
            frame.deliver(handler);
            delivered++;
        }
        return delivered;
    }

    /**
     * Positions the reader so that the next record delivered has {@code sequence}; binary search over Chronicle
     * indices, so O(log n) document reads.
     *
     * @return false, leaving the position unchanged, when the journal neither holds that sequence nor ends just
     * before it.
     */
    public boolean seek(final long sequence)
    {
        final CycleLayout layout = CycleLayout.of(queue, tailer);
        final long position = lowerBound(layout, RecordKey.SEQUENCE, sequence);
        final long last = lastSequence();
        if (position >= 0 && keyAt(layout, position, RecordKey.SEQUENCE) == sequence)
        {
            moveTo(layout, position);
            expectedSequence = sequence;
            return true;
        }
        if (last != UNKNOWN ? sequence == last + 1 : sequence == 1)
        {
            tailer.toEnd();
            expectedSequence = sequence;
            return true;
        }
        return false;
    }

    /**
     * Positions the reader at the first record whose timestamp is at least {@code timestamp} (timestamps never
     * decrease along the journal), or at the end when there is none.
     *
     * @return the sequence of the record the next poll will deliver.
     */
    public long seekToTimestamp(final long timestamp)
    {
        final CycleLayout layout = CycleLayout.of(queue, tailer);
        final long position = lowerBound(layout, RecordKey.TIMESTAMP, timestamp);
        if (position >= 0)
        {
            final long sequence = keyAt(layout, position, RecordKey.SEQUENCE);
            moveTo(layout, position);
            expectedSequence = sequence;
            return sequence;
        }
        tailer.toEnd();
        expectedSequence = lastSequence() + 1;
        return expectedSequence;
    }

    /** The sequence of the last valid record, or 0 for an empty journal. */
    public long lastSequence()
    {
        return TailScan.of(queue, where).lastSequence;
    }

    /** Unverifiable records skipped so far because a recovered writer had superseded them. */
    public long skippedTornRecords()
    {
        return skippedTornRecords;
    }

    public Path directory()
    {
        return directory;
    }

    @Override
    public void close()
    {
        try
        {
            tailer.close();
        }
        finally
        {
            queue.close();
        }
    }

    private boolean readNext()
    {
        long runStartIndex = -1;
        long runLength = 0;
        while (true)
        {
            final boolean present;
            final boolean valid;
            try (DocumentContext dc = tailer.readingDocument())
            {
                present = dc.isPresent();
                valid = present && frame.load(dc.wire().bytes(), where);
                if (present && !valid && runLength++ == 0)
                {
                    runStartIndex = dc.index();
                }
            }
            if (!present)
            {
                if (runLength > 0)
                {
                    tailer.moveToIndex(runStartIndex);
                }
                return false;
            }
            if (valid)
            {
                acceptSequence(frame.sequence(), runLength);
                return true;
            }
        }
    }

    private void acceptSequence(final long sequence, final long unverifiableRun)
    {
        if (unverifiableRun > 0)
        {
            final long expected = expectedSequence != UNKNOWN ? expectedSequence : Math.max(1, sequence - unverifiableRun);
            if (sequence != expected)
            {
                throw new JournalCorruptedException(expected, unverifiableRun +
                    " record(s) fail length/CRC verification and the next valid record has sequence " + sequence);
            }
            skippedTornRecords += unverifiableRun;
        }
        else if (expectedSequence != UNKNOWN && sequence != expectedSequence)
        {
            throw new JournalCorruptedException(expectedSequence, "found sequence " + sequence + " instead");
        }
        expectedSequence = sequence + 1;
    }

    private enum RecordKey
    {
        SEQUENCE, TIMESTAMP
    }

    /** First position (over all cycles) whose key is at least {@code target}, or -1 when there is none. */
    private long lowerBound(final CycleLayout layout, final RecordKey key, final long target)
    {
        long low = 0;
        long high = layout.total;
        while (low < high)
        {
            final long mid = (low + high) >>> 1;
            if (keyAt(layout, mid, key) < target)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low < layout.total ? low : -1;
    }

    /** Reads a key from the header without verifying the record; a record too short to hold one takes its successor's. */
    private long keyAt(final CycleLayout layout, final long position, final RecordKey key)
    {
        for (long p = position; p < layout.total; p++)
        {
            if (tailer.moveToIndex(layout.index(p)))
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (dc.isPresent())
                    {
                        frame.load(dc.wire().bytes(), where);
                        if (frame.hasHeader())
                        {
                            return key == RecordKey.SEQUENCE ? frame.sequence() : frame.timestamp();
                        }
                    }
                }
            }
        }
        return Long.MAX_VALUE;
    }

    private void moveTo(final CycleLayout layout, final long position)
    {
        if (!tailer.moveToIndex(layout.index(position)))
        {
            throw new IllegalStateException("cannot move to position " + position + " in " + where);
        }
    }

    /** The cycles of the queue laid end to end, so a binary search can address every record by one number. */
    private static final class CycleLayout
    {
        private final RollCycle rollCycle;
        private final int[] cycles;
        private final long[] starts;
        private final long total;

        private CycleLayout(final RollCycle rollCycle, final int[] cycles, final long[] starts, final long total)
        {
            this.rollCycle = rollCycle;
            this.cycles = cycles;
            this.starts = starts;
            this.total = total;
        }

        static CycleLayout of(final SingleChronicleQueue queue, final ExcerptTailer tailer)
        {
            final int first = queue.firstCycle();
            final int last = queue.lastCycle();
            if (first == Integer.MAX_VALUE || last < first)
            {
                return new CycleLayout(queue.rollCycle(), new int[0], new long[0], 0);
            }
            final NavigableSet<Long> cycleSet = queue.listCyclesBetween(first, last);
            final int[] cycles = new int[cycleSet.size()];
            final long[] starts = new long[cycleSet.size()];
            long total = 0;
            int i = 0;
            for (final Long cycle : cycleSet)
            {
                cycles[i] = cycle.intValue();
                starts[i] = total;
                total += Math.max(0, tailer.excerptsInCycle(cycle.intValue()));
                i++;
            }
            return new CycleLayout(queue.rollCycle(), cycles, starts, total);
        }

        long index(final long position)
        {
            int low = 0;
            int high = cycles.length - 1;
            while (low < high)
            {
                final int mid = (low + high + 1) >>> 1;
                if (starts[mid] <= position)
                {
                    low = mid;
                }
                else
                {
                    high = mid - 1;
                }
            }
            return rollCycle.toIndex(cycles[low], position - starts[low]);
        }
    }
}
