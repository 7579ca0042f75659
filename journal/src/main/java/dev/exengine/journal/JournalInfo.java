package dev.exengine.journal;

import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A summary of a journal for operators: first and last record, count of records (not of Chronicle documents), cycle files and the durability mode it was
 * last opened with. Sequences are 0 and the count is 0 for an empty journal.
 */
public record JournalInfo(
    long firstSequence,
    long lastSequence,
    long firstTimestamp,
    long lastTimestamp,
    long recordCount,
    List<CycleFile> cycleFiles,
    Optional<DurabilityMode> lastDurabilityMode)
{
    /** One Chronicle cycle file and its size on disk in bytes. */
    public record CycleFile(Path path, long size)
    {
    }

    /**
     * @throws UnsupportedJournalVersionException when the journal was written in a newer format.
     */
    public static JournalInfo read(final Path directory)
    {
        final Optional<DurabilityMode> mode = JournalMetadata.readSupported(directory).map(JournalMetadata::durabilityMode);
        final List<CycleFile> files = cycleFiles(directory);
        if (files.isEmpty())
        {
            return new JournalInfo(0, 0, 0, 0, 0, files, mode);
        }
        try (SingleChronicleQueue queue = JournalQueues.open(directory, SystemTimeProvider.INSTANCE);
            ExcerptTailer tailer = queue.createTailer())
        {
            final String where = directory.toString();
            final TailScan tail = TailScan.of(queue, where);
            if (tail.lastSequence == 0)
            {
                return new JournalInfo(0, 0, 0, 0, 0, files, mode);
            }
            final RecordBatch batch = new RecordBatch();
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        throw new IllegalStateException("no valid first record although the last is " + tail.lastSequence);
                    }
                    batch.load(dc.wire().bytes());
                    if (batch.nextValid(where))
                    {
                        final long first = batch.sequence();
                        return new JournalInfo(
                            first, tail.lastSequence, batch.timestamp(), tail.lastTimestamp,
                            tail.lastSequence - first + 1, files, mode);
                    }
                }
            }
        }
    }

    /** The journal's cycle files in cycle order (their names sort by cycle), listed without opening the queue. */
    public static List<CycleFile> cycleFiles(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            return List.of();
        }
        try (Stream<Path> paths = Files.list(directory))
        {
            return paths
                .filter(path -> path.getFileName().toString().endsWith(JournalQueues.CYCLE_FILE_SUFFIX))
                .sorted()
                .map(path -> new CycleFile(path, size(path)))
                .collect(Collectors.toUnmodifiableList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static long size(final Path path)
    {
        try
        {
            return Files.size(path);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
