package dev.exengine.journal;

import dev.exengine.storage.UnfinishedCycleFiles;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wires;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

import static dev.exengine.journal.JournalRecordDescriptor.BYTE_ORDER;
import static dev.exengine.journal.JournalRecordDescriptor.MAX_DOCUMENT_LENGTH;
import static dev.exengine.journal.JournalRecordDescriptor.MAX_PAYLOAD_LENGTH;
import static dev.exengine.journal.JournalRecordDescriptor.recordLength;

/**
 * Where the journal ends, computed one way for its writer ({@link LockedJournal}, {@link CommandJournal}), its readers
 * ({@link JournalReader#lastSequence()}), {@link JournalInfo} and so the tools and the engine's start: a walk over every
 * document of every cycle file from the first, the way a reader goes (from document header to document header, on to
 * the next cycle at an end-of-file mark, never through Chronicle's index), verifying every record as the reader does
 * ({@link SequenceChain}). The end is the last valid record; unverifiable records after it are the torn tail that a
 * crash left and the writer passes over. A damaged record in the middle does not end the journal: it is the
 * {@link #corruption()}, and the walk goes on after it.
 *
 * <p>When no writer is appending (the caller holds the journal's lock, or found it free) the walk also looks past the
 * end, at what no reader reaches. A power loss leaves the pages of a memory-mapped file that were not written back as
 * zeros, in any order: the last documents may be gone while the file's header, which tells Chronicle's appender where
 * the last document is, was written. The appender would then append past a gap that no reader crosses. Such bytes,
 * when they hold no intact record, are a {@link LostTail}: {@link LockedJournal#open} sets the file aside and
 * rebuilds it from the documents readers reach. The bytes just past the end may also be the batch a killed writer
 * had not committed (at most {@link JournalRecordDescriptor#MAX_DOCUMENT_LENGTH}), which Chronicle overwrites, and
 * which is never a lost tail. Intact records where no reader reaches, a cycle file shorter than Chronicle leaves one
 * and a file Chronicle cannot read are damage, not a lost tail: {@link JournalDamagedException}, which names the file
 * and what to do.
 *
 * <p>Costs a read of the whole journal; allocates per call, not per record.
 */
public final class JournalEnd
{
    private static final System.Logger LOG = System.getLogger(JournalEnd.class.getName());
    private static final JournalEnd EMPTY = new JournalEnd(0, 0, 0, 0, 0, 0, null, null, null);
    /** Bytes past the end looked at in one read; a record found there may run on by up to the longest one. */
    private static final int LOOK = 1 << 20;
    private static final int LONGEST_RECORD = recordLength(MAX_PAYLOAD_LENGTH);

    private final long firstSequence;
    private final long firstTimestamp;
    private final long lastSequence;
    private final long lastTimestamp;
    private final long recordCount;
    private final long unverifiableTail;
    /** Where the unverifiable records after the last valid one are, when there are some. */
    private final String unverifiableBytes;
    private final JournalCorruptedException corruption;
    private final LostTail lostTail;

    private JournalEnd(
        final long firstSequence, final long firstTimestamp, final long lastSequence, final long lastTimestamp,
        final long recordCount, final long unverifiableTail, final String unverifiableBytes,
        final JournalCorruptedException corruption, final LostTail lostTail)
    {
        this.firstSequence = firstSequence;
        this.firstTimestamp = firstTimestamp;
        this.lastSequence = lastSequence;
        this.lastTimestamp = lastTimestamp;
        this.recordCount = recordCount;
        this.unverifiableTail = unverifiableTail;
        this.unverifiableBytes = unverifiableBytes;
        this.corruption = corruption;
        this.lostTail = lostTail;
    }

    /**
     * The end of the journal in {@code directory}, read without changing anything on disk; what lies past it is
     * examined when no writer holds the journal.
     *
     * @throws JournalDamagedException           when a cycle file is cut short, unreadable, or holds intact records past
     *                                           the end.
     * @throws UnsupportedJournalVersionException when a record was written in a newer format.
     */
    public static JournalEnd read(final Path directory)
    {
        final boolean quiescent = !JournalLock.isHeld(directory);
        if (quiescent)
        {
            refuseUnfinishedCycleFiles(directory);
        }
        return read(directory, quiescent);
    }

    /**
     * As {@link #read(Path)}, for the holder of the journal's lock, which has set aside any cycle file whose creation a
     * kill cut short ({@link LockedJournal}).
     */
    static JournalEnd readLocked(final Path directory)
    {
        return read(directory, true);
    }

    private static JournalEnd read(final Path directory, final boolean quiescent)
    {
        if (JournalInfo.cycleFiles(directory).isEmpty())
        {
            return EMPTY;
        }
        try (SingleChronicleQueue queue = JournalQueues.openReadOnly(directory))
        {
            return of(queue, directory, quiescent);
        }
    }

    /**
     * The end of the journal of an open queue.
     *
     * @param quiescent whether no writer can be appending, so that what lies past the end can be examined.
     */
    static JournalEnd of(final SingleChronicleQueue queue, final Path directory, final boolean quiescent)
    {
        final List<JournalInfo.CycleFile> files = JournalInfo.cycleFiles(directory);
        if (files.isEmpty())
        {
            return EMPTY;
        }
        final long[] writePositions = new long[files.size()];
        // A writer that creates a cycle file sizes it a moment later: the newest is checked only with none appending.
        final int checked = quiescent ? files.size() : files.size() - 1;
        for (int i = 0; i < checked; i++)
        {
            writePositions[i] = writePosition(queue, files.get(i), quiescent);
        }
        final Walk walk = new Walk(queue, directory.toString());
        walk.run(files.get(0).path());
        return new JournalEnd(walk.firstSequence, walk.firstTimestamp, walk.lastSequence, walk.lastTimestamp,
            walk.recordCount, walk.unverifiableRun, walk.unverifiableBytes(), walk.corruption,
            quiescent ? walk.pastTheEnd(files, writePositions) : null);
    }

    /** The first valid record's sequence; 0 for a journal without one. */
    public long firstSequence()
    {
        return firstSequence;
    }

    public long firstTimestamp()
    {
        return firstTimestamp;
    }

    /** The last valid record's sequence, the journal's end; 0 for a journal without one. */
    public long lastSequence()
    {
        return lastSequence;
    }

    public long lastTimestamp()
    {
        return lastTimestamp;
    }

    /** The valid records, from the first to the last. */
    public long recordCount()
    {
        return recordCount;
    }

    /**
     * The unverifiable records after the last valid one: a torn tail that a crash left and the writer's next open
     * passes over (a run that fails its length check counts once).
     */
    public long unverifiableTail()
    {
        return unverifiableTail;
    }

    /** The first place where a record before the end is damaged or out of sequence; a reader stops there. */
    public Optional<JournalCorruptedException> corruption()
    {
        return Optional.ofNullable(corruption);
    }

    /** What no reader reaches past the end, when it was examined and there is some. */
    public Optional<LostTail> lostTail()
    {
        return Optional.ofNullable(lostTail);
    }

    /**
     * Everything past the end that a writer leaves behind, in one sentence for a log or a report: the unverifiable
     * records of a torn tail and the lost tail, where they are; empty when there is neither.
     */
    public Optional<String> pastTheEnd()
    {
        if (unverifiableTail == 0 && lostTail == null)
        {
            return Optional.empty();
        }
        final StringBuilder text = new StringBuilder("after sequence ").append(lastSequence).append(": ");
        if (unverifiableTail > 0)
        {
            text.append(unverifiableBytes).append(" fail verification (").append(unverifiableTail)
                .append(" unverifiable record(s), the undelimitable rest of a document counting as one)");
        }
        if (lostTail != null)
        {
            text.append(unverifiableTail > 0 ? "; " : "").append(lostTail.describe());
        }
        return Optional.of(text.toString());
    }

    /**
     * With no writer, a cycle file without Chronicle's header is one a writer was killed creating: Chronicle would wait
     * on it for 10 s at every turn and then fail. A reader (the tools) says so at once and changes nothing; the writer's
     * open sets such a file aside ({@link LockedJournal}) before it reads the end.
     */
    private static void refuseUnfinishedCycleFiles(final Path directory)
    {
        final List<Path> unfinished = UnfinishedCycleFiles.find(directory);
        if (!unfinished.isEmpty())
        {
            final Path file = unfinished.get(0);
            throw new JournalDamagedException(file, "journal cycle file " + file + " was being created when its writer " +
                "was killed: it has no header and holds no record. Nothing was changed. Start the engine on this data " +
                "directory (it sets the file aside as " + file.getFileName() + UnfinishedCycleFiles.SET_ASIDE_SUFFIX +
                " and goes on), or move the file away, and run this again");
        }
    }

    /** Has Chronicle's directory listing record every cycle file in the directory: only with no writer. */
    private static void catchUpDirectoryListing(final Path directory)
    {
        JournalQueues.refreshDirectoryListing(directory);
        LOG.log(System.Logger.Level.WARNING, "Chronicle's listing of the journal's cycle files in " + directory +
            " was behind the files (a writer was killed as it made a new one); it lists them all again");
    }

    /**
     * Chronicle's position of the last document of a cycle file, after checking that the file is as long as
     * Chronicle made it: a cut file is read as zeros by a writer, which grows it back, and kills a reader that maps
     * past its end.
     */
    private static long writePosition(
        final SingleChronicleQueue queue, final JournalInfo.CycleFile file, final boolean quiescent)
    {
        final long wholeSize = JournalQueues.minimumFileSize(queue, 0);
        if (file.size() < wholeSize)
        {
            throw truncated(file, wholeSize, "any cycle file Chronicle writes");
        }
        final long position;
        try
        {
            final int cycle = JournalQueues.cycleOf(queue, file.path());
            SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
            if (store == null && quiescent)
            {
                // Chronicle finds a cycle only within the range its directory listing (metadata.cq4t) records; a
                // writer killed between creating a cycle file and recording it leaves the listing behind the files,
                // and a read-only queue never rescans the directory. With no writer (the caller holds the journal's
                // lock) a writable queue's rescan records the files there are, as the next writer's open would.
                catchUpDirectoryListing(file.path().getParent());
                queue.refreshDirectoryListing();
                store = queue.storeForCycle(cycle, queue.epoch(), false, null);
            }
            if (store == null)
            {
                throw new IllegalStateException("no such cycle file");
            }
            position = store.writePosition();
            queue.closeStore(store);
        }
        catch (final RuntimeException ex)
        {
            throw new JournalDamagedException(file.path(), "journal cycle file " + file.path() + " is damaged: " +
                "Chronicle cannot read its header (" + ex.getMessage() + "). Nothing was changed. Restore the file " +
                "from a replica or a backup", ex);
        }
        final long neededSize = JournalQueues.minimumFileSize(queue, position);
        if (file.size() < neededSize)
        {
            throw truncated(file, neededSize, "a cycle file Chronicle wrote a document into at byte " + position);
        }
        return position;
    }

    private static JournalDamagedException truncated(final JournalInfo.CycleFile file, final long size, final String what)
    {
        return new JournalDamagedException(file.path(), "journal cycle file " + file.path() + " is " + file.size() +
            " bytes long, shorter than " + what + " (" + size + " bytes): it was truncated, by an interrupted copy " +
            "or a disk error (no crash does: Chronicle sizes its files ahead). Nothing was changed. Restore the file from a replica or a backup; or, " +
            "to keep only the records before the cut, extend it to its size (truncate -s " + size + " " +
            file.path() + ") and start again: the engine then discards the records after the cut, and says which");
    }

    /** One walk over the journal, and the look past its end. */
    private static final class Walk
    {
        private final SingleChronicleQueue queue;
        private final String where;
        private final RecordBatch batch = new RecordBatch();
        private final SequenceChain chain = new SequenceChain();
        private long firstSequence;
        private long firstTimestamp;
        private long lastSequence;
        private long lastTimestamp;
        private long recordCount;
        private long unverifiableRun;
        private JournalCorruptedException corruption;
        /** Of the last document read: its cycle, where it ends, and the last data document's header in its cycle. */
        private int cycle = -1;
        private long documentStart;
        private long documentEnd;
        /** Where the unverifiable records after the last valid one start, and where the last of them ends. */
        private File runFile;
        private long runFrom;
        private long runTo;
        private long lastDataHeader;
        private long dataDocuments;

        Walk(final SingleChronicleQueue queue, final String where)
        {
            this.queue = queue;
            this.where = where;
        }

        void run(final Path firstFile)
        {
            try (ExcerptTailer tailer = queue.createTailer())
            {
                if (!tailer.moveToCycle(JournalQueues.cycleOf(queue, firstFile)))
                {
                    throw new JournalDamagedException(firstFile, "journal cycle file " + firstFile + " is damaged: " +
                        "Chronicle cannot open it. Nothing was changed. Restore it from a replica or a backup");
                }
                boolean more = true;
                while (more)
                {
                    more = nextDocument(tailer);
                }
            }
        }

        private boolean nextDocument(final ExcerptTailer tailer)
        {
            final DocumentContext dc = readingDocument(tailer);
            try (dc)
            {
                if (!dc.isPresent())
                {
                    return false;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final int documentCycle = queue.rollCycle().toCycle(dc.index());
                if (documentCycle != cycle)
                {
                    cycle = documentCycle;
                    lastDataHeader = 0;
                    dataDocuments = 0;
                }
                documentStart = bytes.readPosition();
                documentEnd = documentStart + bytes.readRemaining();
                if (!dc.isMetaData())
                {
                    lastDataHeader = documentStart - Wires.SPB_HEADER_SIZE;
                    dataDocuments++;
                    batch.load(bytes);
                    records(tailer);
                }
                return true;
            }
        }

        private DocumentContext readingDocument(final ExcerptTailer tailer)
        {
            try
            {
                return tailer.readingDocument(true);
            }
            catch (final RuntimeException | InternalError ex)
            {
                // InternalError: the JVM's word for a read past the end of a mapped file that was cut short.
                final File file = tailer.currentFile();
                final Path path = file != null ? file.toPath() : Path.of(where);
                throw new JournalDamagedException(path, "journal cycle file " + path + " is damaged: Chronicle " +
                    "cannot read past sequence " + lastSequence + " (" + ex + "). Nothing was changed. Restore " +
                    "the file from a replica or a backup", ex);
            }
        }

        private void records(final ExcerptTailer tailer)
        {
            for (int kind = batch.next(where); kind != RecordBatch.END; kind = batch.next(where))
            {
                if (kind == RecordBatch.UNVERIFIABLE)
                {
                    if (unverifiableRun++ == 0)
                    {
                        runFile = tailer.currentFile();
                        runFrom = documentStart + batch.frameOffset();
                    }
                    runTo = documentEnd;
                    continue;
                }
                final JournalCorruptedException broken = chain.accept(batch.sequence(), unverifiableRun);
                if (corruption == null)
                {
                    corruption = broken;
                }
                if (recordCount++ == 0)
                {
                    firstSequence = batch.sequence();
                    firstTimestamp = batch.timestamp();
                }
                lastSequence = batch.sequence();
                lastTimestamp = batch.timestamp();
                unverifiableRun = 0;
            }
        }

        String unverifiableBytes()
        {
            return unverifiableRun == 0 ? null : "bytes " + runFrom + ".." + runTo + " of " + runFile;
        }

        /**
         * What lies past the end: nothing, or a lost tail.
         *
         * @throws JournalDamagedException when an intact record lies there.
         */
        LostTail pastTheEnd(final List<JournalInfo.CycleFile> files, final long[] writePositions)
        {
            int tail = 0;
            while (tail < files.size() - 1 && JournalQueues.cycleOf(queue, files.get(tail).path()) != cycle)
            {
                tail++;
            }
            final Path file = files.get(tail).path();
            final long writePosition = writePositions[tail];
            final long readersStop = align(documentEnd);
            // Chronicle appends after the document at its write position: past the end when that is past the last one
            // readers reach. Otherwise what follows the end may be the batch a killed writer never committed.
            final boolean publishedPastTheEnd = writePosition > lastDataHeader;
            final long uncommitted = publishedPastTheEnd ? after(file, writePosition) : readersStop;
            final Look look = look(file, readersStop, uncommitted);
            if (look.intactFound)
            {
                throw intactPastTheEnd(file, readersStop, file, look);
            }
            final List<Path> later = files.subList(tail + 1, files.size()).stream()
                .map(JournalInfo.CycleFile::path)
                .toList();
            for (final Path laterFile : later)
            {
                final Look lookLater = look(laterFile, 0, -1);
                if (lookLater.intactFound)
                {
                    throw intactPastTheEnd(file, readersStop, laterFile, lookLater);
                }
            }
            if (!publishedPastTheEnd && !look.writtenOutsideWindow && later.isEmpty())
            {
                return null;
            }
            return new LostTail(file, cycle, dataDocuments, readersStop,
                Math.max(look.writtenTo, publishedPastTheEnd ? writePosition + Wires.SPB_HEADER_SIZE : readersStop),
                writePosition, publishedPastTheEnd || look.writtenOutsideWindow, later, lastSequence);
        }

        private JournalDamagedException intactPastTheEnd(
            final Path file, final long readersStop, final Path found, final Look look)
        {
            return new JournalDamagedException(file, "journal cycle file " + file + " is damaged: readers stop at " +
                "byte " + readersStop + (lastSequence == 0 ? " before any record" : " after sequence " + lastSequence) +
                " (a zeroed or damaged document header or Chronicle index there), but intact records lie beyond, " +
                "the first with sequence " + look.intactSequence + " at byte " + look.intactPosition +
                (found.equals(file) ? "" : " of the later cycle file " + found) + ". Nothing was changed. Restore " +
                file + " from a replica or a backup" + (found.equals(file) ? "" : "; or, to start with the records " +
                "before the damage and lose those after it, move " + found + " and the cycle files after it out of " +
                "the journal directory"));
        }

        /**
         * Where the document whose header is at {@code header} ends; at its header when that is gone, so that its
         * body counts as uncommitted.
         */
        private static long after(final Path file, final long header)
        {
            final ByteBuffer bytes = ByteBuffer.allocate(Wires.SPB_HEADER_SIZE).order(BYTE_ORDER);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
            {
                channel.read(bytes, header);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            final int value = bytes.getInt(0);
            return Wires.isReadyData(value) && Wires.lengthOf(value) > 0 ?
                align(header + Wires.SPB_HEADER_SIZE + Wires.lengthOf(value)) : header;
        }

        /**
         * Reads a file from {@code from} to its end for written bytes and intact records, leaving out the records that
         * start in the uncommitted window (from {@code uncommitted}, -1 for none).
         */
        private Look look(final Path file, final long from, final long uncommitted)
        {
            final long windowEnd = uncommitted < 0 ? -1 : uncommitted + Wires.SPB_HEADER_SIZE + MAX_DOCUMENT_LENGTH;
            final Look look = new Look(from);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
            {
                final long size = channel.size();
                for (long at = from; at < size && !look.intactFound; at += LOOK)
                {
                    final int span = (int)Math.min(size - at, LOOK);
                    batch.load(channel, at, (int)Math.min(size - at, (long)LOOK + LONGEST_RECORD));
                    for (int i = 0; i < span && !look.intactFound; i++)
                    {
                        if (batch.byteAt(i) != 0)
                        {
                            final long position = at + i;
                            final boolean outsideWindow = position < uncommitted || position >= windowEnd;
                            look.written(position, outsideWindow);
                            if (outsideWindow && batch.isRecordAt(i))
                            {
                                look.intact(batch.sequence(), position);
                            }
                        }
                    }
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            return look;
        }

        /** Chronicle starts each document header on a 4-byte boundary. */
        private static long align(final long position)
        {
            return (position + 3) & ~3L;
        }
    }

    /** What {@link Walk#look} found. */
    private static final class Look
    {
        private long writtenTo;
        private boolean writtenOutsideWindow;
        private boolean intactFound;
        private long intactSequence;
        private long intactPosition;

        Look(final long from)
        {
            this.writtenTo = from;
        }

        void written(final long position, final boolean outsideWindow)
        {
            writtenTo = position + 1;
            writtenOutsideWindow |= outsideWindow;
        }

        void intact(final long sequence, final long position)
        {
            intactFound = true;
            intactSequence = sequence;
            intactPosition = position;
        }
    }
}
