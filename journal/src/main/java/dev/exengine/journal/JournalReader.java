package dev.exengine.journal;

import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and verifies journal records from the start, from a sequence, from a timestamp, or live while another
 * thread or process appends; a batch document is seen only once the writer committed it. Allocates nothing per
 * record after warm-up: each document is copied once into a reused {@link RecordBatch} and its records are
 * delivered from there, so a poll may stop and resume in the middle of a document.
 *
 * <p>Every record's length, format version and CRC are checked, and sequences must follow each other without gap
 * ({@link SequenceChain}): a run of unverifiable records (the undelimitable rest of a document counts as one) is
 * skipped only when the valid record after it carries exactly the expected sequence, a torn tail which {@link
 * CommandJournal#open} recovered from, never acknowledged. Otherwise the reader throws {@link
 * JournalCorruptedException}. An unverifiable run with nothing after it is treated as the end of the journal for now
 * (the writer may still be recovering), so {@link #poll} returns 0 and retries it later. A cycle file that Chronicle
 * itself cannot read (a zeroed index, say) fails with {@link JournalDamagedException}, which names it.
 */
public final class JournalReader implements AutoCloseable
{
    private final Path directory;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final RecordBatch batch = new RecordBatch();
    private final SequenceChain chain = new SequenceChain();
    private final String where;
    private long batchIndex;
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
        return reading(directory, JournalQueues.open(directory, timeProvider));
    }

    /**
     * Opens a reader positioned at the start that changes nothing on disk, where {@link #open} counts itself in
     * Chronicle's metadata file: for a start that may yet refuse, and must leave the directory as it found it. It
     * reads the cycle files there are when it opens; a journal without any is opened as {@link #open} does.
     *
     * @throws UnsupportedJournalVersionException when the journal was written in a newer format.
     */
    public static JournalReader openReadOnly(final Path directory)
    {
        final List<JournalInfo.CycleFile> files = JournalInfo.cycleFiles(directory);
        if (files.isEmpty())
        {
            return open(directory);
        }
        JournalMetadata.readSupported(directory);
        final JournalReader reader = reading(directory, JournalQueues.openReadOnly(directory));
        // A read-only queue's first cycle is its metadata file's, which a cycle file removed since leaves stale.
        final Path first = files.get(0).path();
        if (!reader.tailer.moveToCycle(JournalQueues.cycleOf(reader.queue, first)))
        {
            reader.close();
            throw new JournalDamagedException(first, "journal cycle file " + first + " cannot be opened");
        }
        return reader;
    }

    private static JournalReader reading(final Path directory, final SingleChronicleQueue queue)
    {
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
            batch.deliver(handler);
            delivered++;
        }
        return delivered;
    }

    /**
     * Positions the reader so that the next record delivered has {@code sequence}: a binary search over Chronicle
     * documents by their first record, O(log n) document reads, then a walk inside the one document holding it.
     *
     * @return false when the journal neither holds that sequence nor ends just before it; the position is then
     * unspecified.
     */
    public boolean seek(final long sequence)
    {
        if (moveToFirstAtLeast(RecordKey.SEQUENCE, sequence) && batch.sequence() == sequence)
        {
            chain.expect(sequence);
            return true;
        }
        final long last = lastSequence();
        if (sequence == last + 1)
        {
            moveToEnd();
            chain.expect(sequence);
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
        final long next = moveToFirstAtLeast(RecordKey.TIMESTAMP, timestamp) ? batch.sequence() : endSequence();
        chain.expect(next);
        return next;
    }

    /** The sequence of the last valid record, or 0 for an empty journal ({@link JournalEnd}: a read of it all). */
    public long lastSequence()
    {
        return JournalEnd.of(queue, directory, false).lastSequence();
    }

    /**
     * @return the unverifiable records after the last valid one: a torn tail that a crash left and that the writer's
     * next recovery open discards (a run that fails its length check counts once).
     */
    public long unverifiableTail()
    {
        return JournalEnd.of(queue, directory, false).unverifiableTail();
    }

    /** Unverifiable records skipped so far because a recovered writer had superseded them. */
    public long skippedTornRecords()
    {
        return skippedTornRecords;
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
        long runIndex = -1;
        int runOffset = 0;
        long runLength = 0;
        while (true)
        {
            final int kind = batch.next(where);
            if (kind == RecordBatch.VALID)
            {
                acceptSequence(batch.sequence(), runLength);
                return true;
            }
            if (kind == RecordBatch.UNVERIFIABLE)
            {
                if (runLength++ == 0)
                {
                    runIndex = batchIndex;
                    runOffset = batch.frameOffset();
                }
            }
            else if (!loadNextDocument())
            {
                if (runLength > 0)
                {
                    loadDocument(runIndex);
                    batch.moveTo(runOffset);
                }
                return false;
            }
        }
    }

    private boolean loadNextDocument()
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            batchIndex = dc.index();
            batch.load(dc.wire().bytes());
            return true;
        }
    }

    /** Loads the document at a Chronicle index; the tailer is left on the document after it. */
    private void loadDocument(final long index)
    {
        if (!moveToIndex(index) || !loadNextDocument())
        {
            throw new IllegalStateException("cannot read the document at index " + Long.toHexString(index) + " in " + where);
        }
    }

    /** Chronicle's move through its index, which fails with its own words on a damaged one: the file is named here. */
    private boolean moveToIndex(final long index)
    {
        try
        {
            return tailer.moveToIndex(index);
        }
        catch (final IllegalStateException ex)
        {
            throw unreadable(ex);
        }
    }

    private void moveToEnd()
    {
        try
        {
            tailer.toEnd();
        }
        catch (final IllegalStateException ex)
        {
            throw unreadable(ex);
        }
        batch.clear();
    }

    private long endSequence()
    {
        moveToEnd();
        return lastSequence() + 1;
    }

    private JournalDamagedException unreadable(final IllegalStateException ex)
    {
        final File file = tailer.currentFile();
        final Path path = file != null ? file.toPath() : directory;
        return new JournalDamagedException(path, "journal cycle file " + path + " is damaged: Chronicle cannot find " +
            "its way through it (" + ex.getMessage() + "); run 'replay-tool verify' on the journal, and restore the " +
            "file from a replica or a backup", ex);
    }

    private void acceptSequence(final long sequence, final long unverifiableRun)
    {
        final JournalCorruptedException broken = chain.accept(sequence, unverifiableRun);
        if (broken != null)
        {
            throw broken;
        }
        skippedTornRecords += unverifiableRun;
    }

    private enum RecordKey
    {
        SEQUENCE, TIMESTAMP
    }

    /**
     * Puts the cursor on the first record whose key is at least {@code target}: it is in the last document whose
     * first key is below the target, or else the first record of the next document.
     *
     * @return false, with the position unspecified, when no record has such a key.
     */
    private boolean moveToFirstAtLeast(final RecordKey key, final long target)
    {
        final CycleLayout layout = cycleLayout();
        final long position = lowerBound(layout, key, target);
        final long from = Math.max(0, (position >= 0 ? position : layout.total) - 1);
        // Two documents at most, plus any torn one between them, which has no valid record.
        for (long p = from; p < layout.total; p++)
        {
            loadDocument(layout.index(p));
            while (batch.nextValid(where))
            {
                if (keyOf(key) >= target)
                {
                    batch.rewindToFrame();
                    return true;
                }
            }
        }
        return false;
    }

    /** First position (over all cycles) whose document's first key is at least {@code target}, or -1 when none. */
    private long lowerBound(final CycleLayout layout, final RecordKey key, final long target)
    {
        long low = 0;
        long high = layout.total;
        while (low < high)
        {
            final long mid = (low + high) >>> 1;
            if (firstKeyAt(layout, mid, key) < target)
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

    /**
     * The key of the first valid record of the document at {@code position}, or of the first later document that has
     * one. Verified, not read from the header alone: a torn document that a crash left behind (its pages never
     * written, or half written) holds no key that can be trusted, and the search needs the keys in order.
     */
    private long firstKeyAt(final CycleLayout layout, final long position, final RecordKey key)
    {
        for (long p = position; p < layout.total; p++)
        {
            if (moveToIndex(layout.index(p)) && loadNextDocument() && batch.nextValid(where))
            {
                return keyOf(key);
            }
        }
        return Long.MAX_VALUE;
    }

    private long keyOf(final RecordKey key)
    {
        return key == RecordKey.SEQUENCE ? batch.sequence() : batch.timestamp();
    }

    /** The journal's cycle files, as the directory lists them, laid end to end. */
    private CycleLayout cycleLayout()
    {
        final List<JournalInfo.CycleFile> files = JournalInfo.cycleFiles(directory);
        final int[] cycles = new int[files.size()];
        final long[] starts = new long[files.size()];
        long total = 0;
        for (int i = 0; i < files.size(); i++)
        {
            cycles[i] = JournalQueues.cycleOf(queue, files.get(i).path());
            starts[i] = total;
            try
            {
                total += Math.max(0, tailer.excerptsInCycle(cycles[i]));
            }
            catch (final IllegalStateException ex)
            {
                throw unreadable(ex);
            }
        }
        return new CycleLayout(queue.rollCycle(), cycles, starts, total);
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
