package dev.exengine.journal;

import dev.exengine.storage.DurableFiles;
import dev.exengine.storage.PretouchThread;
import dev.exengine.storage.QueuePretouch;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

import static dev.exengine.journal.JournalRecordDescriptor.*;

/**
 * The append side of the command journal: one writer thread, records as laid out in {@link JournalRecordDescriptor}.
 * Allocates nothing per record after warm-up: the record is built in a reused array, checksummed with a reused
 * {@link CRC32C} and copied into the memory-mapped Chronicle document with one bulk copy.
 *
 * <p>Group commit in memory: {@link #append} adds the record to the open batch document (opening one when none is
 * open) and {@link #flush()} commits it; a batch is also committed on its own at {@link JournalRecordDescriptor#MAX_BATCH_RECORDS}
 * records or {@link JournalRecordDescriptor#MAX_BATCH_BYTES} bytes. Records become visible to readers, and durable
 * under the {@link DurabilityMode}, only when their batch is committed. In PROCESS mode every record whose batch
 * was committed survives kill -9; a crash inside an open batch loses that whole batch, which is harmless because
 * the engine acknowledges nothing before {@code flush} returns. A batch goes to the cycle file that was current
 * when it was opened.
 *
 * <p>Crash recovery on {@link #open} ({@link LockedJournal}, which finds the journal's end with {@link JournalEnd}): a
 * process killed with a batch open leaves a Chronicle document whose header was never published; Chronicle treats
 * it as absent and the next append overwrites it, so nothing needs discarding. A power loss can instead leave
 * documents that are complete to Chronicle but whose bytes did not all reach the disk (pages are written back in any
 * order): such records fail the length or CRC check. The writer continues the sequence after the last valid record,
 * which may sit in the middle of the last document, in a new document, and counts the unverifiable frames after it
 * ({@link #discardedTailRecords()}; the undelimitable rest of a document counts as one). Those bytes stay on disk;
 * {@link JournalReader} skips an unverifiable run only when the next valid record carries exactly the expected
 * sequence, which is what this recovery produces. When the power loss took whole documents, headers and all, which
 * the file's own header still counts, the file is rebuilt first, so that Chronicle appends where readers look
 * ({@link #discardedTail()}).
 */
public final class CommandJournal implements AutoCloseable
{
    /** The journal's pre-touch thread ({@link #pretouch}). */
    static final String PRETOUCH_THREAD_NAME = "exengine-journal-pretouch";

    private final Path directory;
    private final DurabilityMode mode;
    private final JournalLock lock;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final CRC32C crc = new CRC32C();
    private final long discardedTailRecords;
    private final Optional<LostTail> discardedTail;
    private final List<Path> setAsideFiles;
    private final List<File> rolledUnsyncedFiles = new ArrayList<>();
    private byte[] record = new byte[1024];
    private ByteBuffer recordBuffer = ByteBuffer.wrap(record).order(BYTE_ORDER);
    private long nextSequence;
    private DocumentContext batch;
    private Bytes<?> batchBytes;
    private long batchFirstSequence;
    private int batchRecords;
    private int batchLength;
    private boolean unforced;
    private int writeCycle = Integer.MIN_VALUE;
    private File writeFile;
    /** FSYNC: the current cycle file, opened to force it (Chronicle's own sync is an asynchronous msync). */
    private FileChannel writeChannel;
    private boolean directoryUnsynced;
    private boolean closed;
    /** Touches the cycle file ahead of this writer on its own thread, when asked to ({@link #pretouch}). */
    private PretouchThread pretoucher;

    CommandJournal(
        final Path directory, final DurabilityMode mode, final JournalLock lock, final SingleChronicleQueue queue,
        final JournalEnd end, final List<Path> setAsideFiles)
    {
        this.directory = directory;
        this.mode = mode;
        this.lock = lock;
        this.queue = queue;
        this.nextSequence = end.lastSequence() + 1;
        this.discardedTailRecords = end.unverifiableTail();
        this.discardedTail = end.lostTail();
        this.setAsideFiles = setAsideFiles;
        this.appender = queue.createAppender();
    }

    /** Opens or creates the journal in {@code directory} using the system clock for Chronicle's file cycles. */
    public static CommandJournal open(final Path directory, final DurabilityMode mode)
    {
        return open(directory, mode, SystemTimeProvider.INSTANCE);
    }

    /**
     * Opens or creates the journal, recovering from a torn or lost tail as the class comment describes.
     *
     * @param timeProvider decides which daily cycle file a record goes to; tests inject a fixed clock.
     * @throws UnsupportedJournalVersionException when the journal was written in a newer format.
     * @throws JournalLock.JournalInUseException  when another writer has the journal open.
     * @throws JournalDamagedException            when a cycle file is damaged beyond a torn or lost tail; nothing
     *                                            was changed then.
     */
    public static CommandJournal open(final Path directory, final DurabilityMode mode, final TimeProvider timeProvider)
    {
        try (LockedJournal locked = LockedJournal.lock(directory))
        {
            return locked.open(mode, timeProvider);
        }
    }

    /**
     * Appends one command to the open batch; it is neither visible nor durable before the batch is committed (see the
     * class comment). A failed write discards the open batch and the sequences it had assigned.
     *
     * @param timestamp the command's timestamp, in whatever unit the caller uses; stored as is.
     * @param origin    the session or user the command came from.
     * @param src       the payload; neither its position nor its limit is used or changed.
     * @return the journal sequence assigned to the record.
     */
    public long append(final long timestamp, final long origin, final ByteBuffer src, final int offset, final int length)
    {
        if (length < 0 || length > MAX_PAYLOAD_LENGTH)
        {
            throw new IllegalArgumentException("payload length " + length + " outside [0, " + MAX_PAYLOAD_LENGTH + "]");
        }
        final int recordLength = recordLength(length);
        ensureCapacity(recordLength);
        final long sequence = nextSequence;
        final ByteBuffer buffer = recordBuffer;
        buffer.putShort(VERSION_OFFSET, CURRENT_VERSION);
        buffer.putLong(SEQUENCE_OFFSET, sequence);
        buffer.putLong(TIMESTAMP_OFFSET, timestamp);
        buffer.putLong(ORIGIN_OFFSET, origin);
        buffer.putInt(PAYLOAD_LENGTH_OFFSET, length);
        src.get(offset, record, PAYLOAD_OFFSET, length);
        buffer.putInt(crcOffset(length), checksum(crc, record, 0, length));

        if (batch == null)
        {
            openBatch();
        }
        try
        {
            batchBytes.write(record, 0, recordLength);
        }
        catch (final RuntimeException ex)
        {
            abortBatch();
            throw ex;
        }
        nextSequence = sequence + 1;
        batchLength += recordLength;
        if (++batchRecords >= MAX_BATCH_RECORDS || batchLength >= MAX_BATCH_BYTES)
        {
            commitBatch();
        }
        return sequence;
    }

    /**
     * Ends a batch: commits the open batch document, if any, which makes its records visible to readers and, in
     * PROCESS mode, survive a process crash. In {@link DurabilityMode#FSYNC} it then forces every record committed so
     * far to the device (fdatasync of the current cycle file, which writes back the pages written through Chronicle's
     * mapping, plus fsync of any file the batch rolled away from and of the directory when a cycle file was created);
     * one call per batch is the group commit. Does nothing when no record was appended since the last call. The same as
     * {@link #commit()} then {@link #force()}, which the engine calls apart to time each.
     *
     * <p>Not {@code appender.sync()}: with Chronicle's default sync mode that is an {@code msync(MS_ASYNC)}, which
     * forces nothing, and its synchronous modes force only the current mapped chunk of the file.
     */
    public void flush()
    {
        commit();
        force();
    }

    /**
     * Commits the open batch document, if any: its records become visible to readers and, in PROCESS mode, survive a
     * process crash.
     *
     * @return whether a batch was open.
     */
    public boolean commit()
    {
        if (batch == null)
        {
            return false;
        }
        commitBatch();
        return true;
    }

    /**
     * In {@link DurabilityMode#FSYNC}: forces every record committed so far to the device, as {@link #flush()} says;
     * in the other modes nothing.
     *
     * @return whether anything was forced (FSYNC mode, and something committed since the last force).
     */
    public boolean force()
    {
        if (mode != DurabilityMode.FSYNC || !unforced)
        {
            return false;
        }
        if (!rolledUnsyncedFiles.isEmpty())
        {
            for (int i = 0; i < rolledUnsyncedFiles.size(); i++)
            {
                DurableFiles.force(rolledUnsyncedFiles.get(i).toPath());
            }
            rolledUnsyncedFiles.clear();
        }
        if (directoryUnsynced)
        {
            DurableFiles.force(directory);
            directoryUnsynced = false;
        }
        try
        {
            writeChannel.force(false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot force journal file " + writeFile, ex);
        }
        unforced = false;
        return true;
    }

    /**
     * Starts a thread that keeps the {@code ahead} bytes of the cycle file beyond this writer's position in memory and
     * mapped, looking every {@code intervalNanos}, so that the writer does not take the page faults of the journal
     * (see {@link QueuePretouch}); it changes no byte of the journal. Stopped by {@link #close}. Once per journal.
     *
     * @param ahead how far beyond the writer to keep the file touched, in bytes: at least a page (4 KiB); a second
     *              of the writer's bytes at its peak rate is plenty.
     */
    public void pretouch(final long ahead, final long intervalNanos)
    {
        if (closed)
        {
            throw new IllegalStateException("journal " + directory + " is closed");
        }
        if (pretoucher != null)
        {
            throw new IllegalStateException("journal " + directory + " is pre-touched already");
        }
        pretoucher = PretouchThread.start(PRETOUCH_THREAD_NAME, List.of(new QueuePretouch(queue, ahead)), intervalNanos);
    }

    /** How many pages of the journal the pre-touch thread has touched; 0 without one. */
    public long pretouchedPages()
    {
        return pretoucher == null ? 0 : pretoucher.touchedPages();
    }

    /**
     * Lets the calling thread append from now on. The journal is written by one thread at a time, and Chronicle's
     * appender refuses a second thread; this is for a hand-over only: the thread that appended before appends no more,
     * and what it did happens-before this call (a lock both took, say).
     */
    public void handOverToCallingThread()
    {
        appender.singleThreadedCheckReset();
    }

    /** The sequence the next {@link #append} will assign. */
    public long nextSequence()
    {
        return nextSequence;
    }

    /** How many unverifiable records after the last valid one were found and left behind by this open. */
    public long discardedTailRecords()
    {
        return discardedTailRecords;
    }

    /** The lost tail this open set aside before it appended, if there was one. */
    public Optional<LostTail> discardedTail()
    {
        return discardedTail;
    }

    /** The cycle files this open set aside (renamed {@code *}{@link TailRepair#DAMAGED_SUFFIX}), as they are named now. */
    public List<Path> setAsideFiles()
    {
        return setAsideFiles;
    }

    public DurabilityMode durabilityMode()
    {
        return mode;
    }

    /** Flushes (see {@link #flush()}), committing any open batch, and releases the queue. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            flush();
        }
        finally
        {
            try
            {
                closePretoucher();
                closeWriteChannel();
                appender.close();
            }
            finally
            {
                try
                {
                    queue.close();
                }
                finally
                {
                    lock.close();
                }
            }
        }
    }

    private void openBatch()
    {
        batch = appender.writingDocument();
        batchBytes = batch.wire().bytes();
        batchFirstSequence = nextSequence;
        if (mode == DurabilityMode.FSYNC && appender.cycle() != writeCycle)
        {
            try
            {
                onCycleChange();
            }
            catch (final RuntimeException ex)
            {
                abortBatch();
                throw ex;
            }
        }
    }

    private void commitBatch()
    {
        final DocumentContext committing = batch;
        resetBatch();
        committing.close();
        unforced = true;
    }

    private void abortBatch()
    {
        final DocumentContext aborting = batch;
        nextSequence = batchFirstSequence;
        resetBatch();
        aborting.rollbackOnClose();
        aborting.close();
    }

    private void resetBatch()
    {
        batch = null;
        batchBytes = null;
        batchRecords = 0;
        batchLength = 0;
    }

    /** FSYNC: the batch just opened is in a new cycle file: open that to force it, and force the old one once more. */
    private void onCycleChange()
    {
        final File newFile = appender.currentFile();
        final FileChannel newChannel;
        try
        {
            newChannel = FileChannel.open(newFile.toPath(), StandardOpenOption.READ);
        }
        catch (final IOException ex)
        {
            // Nothing changed: the caller aborts the batch, and the engine halts on the failed append.
            throw new UncheckedIOException("cannot open journal file " + newFile + " to force it", ex);
        }
        if (writeFile != null)
        {
            rolledUnsyncedFiles.add(writeFile);
        }
        closeWriteChannel();
        writeCycle = appender.cycle();
        writeFile = newFile;
        writeChannel = newChannel;
        directoryUnsynced = true;
    }

    private void closePretoucher()
    {
        if (pretoucher != null)
        {
            pretoucher.close();
        }
    }

    private void closeWriteChannel()
    {
        if (writeChannel == null)
        {
            return;
        }
        try
        {
            writeChannel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close journal file " + writeFile, ex);
        }
        finally
        {
            writeChannel = null;
        }
    }

    private void ensureCapacity(final int required)
    {
        if (record.length < required)
        {
            record = new byte[Integer.highestOneBit(required - 1) << 1];
            recordBuffer = ByteBuffer.wrap(record).order(BYTE_ORDER);
        }
    }

}
