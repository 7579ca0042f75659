package dev.exengine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A summary of a journal for operators: where it ends ({@link JournalEnd}: first and last record, count of records,
 * not of Chronicle documents, and what lies past the end), its cycle files and the durability mode it was last opened
 * with. Sequences are 0 and the count is 0 for an empty journal.
 */
public record JournalInfo(JournalEnd end, List<CycleFile> cycleFiles, Optional<DurabilityMode> lastDurabilityMode)
{
    /** One Chronicle cycle file and its size on disk in bytes. */
    public record CycleFile(Path path, long size)
    {
    }

    /**
     * Reads the summary without changing anything on disk.
     *
     * @throws UnsupportedJournalVersionException when the journal was written in a newer format.
     * @throws JournalDamagedException            when a cycle file is damaged beyond a torn or lost tail.
     */
    public static JournalInfo read(final Path directory)
    {
        final Optional<DurabilityMode> mode = JournalMetadata.readSupported(directory).map(JournalMetadata::durabilityMode);
        return new JournalInfo(JournalEnd.read(directory), cycleFiles(directory), mode);
    }

    public long firstSequence()
    {
        return end.firstSequence();
    }

    public long lastSequence()
    {
        return end.lastSequence();
    }

    public long firstTimestamp()
    {
        return end.firstTimestamp();
    }

    public long lastTimestamp()
    {
        return end.lastTimestamp();
    }

    public long recordCount()
    {
        return end.recordCount();
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
