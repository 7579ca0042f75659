package dev.exengine.journal;

import dev.exengine.storage.DurableFiles;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator's action, never run automatically: removes the journal cycle files that a snapshot makes
 * unnecessary. A cycle file is eligible when every record in it has a sequence below the oldest kept snapshot's
 * journal sequence; the newest cycle file is never eligible, because the writer appends to it.
 * Run it while no writer has the journal open.
 */
public final class JournalRetention
{
    private JournalRetention()
    {
    }

    /** The cycle files, oldest first, whose records all precede {@code oldestKeptSnapshotSequence}. */
    public static List<Path> eligibleCycleFiles(final Path journalDirectory, final long oldestKeptSnapshotSequence)
    {
        final List<Path> eligible = new ArrayList<>();
        if (JournalInfo.cycleFiles(journalDirectory).isEmpty())
        {
            return eligible;
        }
        JournalMetadata.readSupported(journalDirectory);
        try (SingleChronicleQueue queue = JournalQueues.open(journalDirectory, SystemTimeProvider.INSTANCE);
            ExcerptTailer tailer = queue.createTailer())
        {
            final int lastCycle = queue.lastCycle();
            final RecordBatch batch = new RecordBatch();
            for (final Long boxedCycle : queue.listCyclesBetween(queue.firstCycle(), lastCycle))
            {
                final int cycle = boxedCycle.intValue();
                if (cycle == lastCycle || !allRecordsPrecede(queue, tailer, batch, cycle, oldestKeptSnapshotSequence))
                {
                    break;
                }
                final File file = cycleFile(queue, tailer, cycle);
                eligible.add(file.toPath());
            }
        }
        return eligible;
    }

    /** Deletes the eligible cycle files and returns them. */
    public static List<Path> delete(final Path journalDirectory, final long oldestKeptSnapshotSequence)
    {
        final List<Path> files = eligibleCycleFiles(journalDirectory, oldestKeptSnapshotSequence);
        try
        {
            for (final Path file : files)
            {
                Files.delete(file);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return files;
    }

    /**
     * Moves the eligible cycle files into {@code archiveDirectory} (created if needed, and which may be on another
     * file system) and returns their new paths. Each move is durable before the next starts ({@link
     * DurableFiles#moveFile}): a crash leaves every file in the journal, the archive, or both.
     */
    public static List<Path> archive(
        final Path journalDirectory, final long oldestKeptSnapshotSequence, final Path archiveDirectory)
    {
        final List<Path> files = eligibleCycleFiles(journalDirectory, oldestKeptSnapshotSequence);
        try
        {
            Files.createDirectories(archiveDirectory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final List<Path> moved = new ArrayList<>(files.size());
        for (final Path file : files)
        {
            final Path target = archiveDirectory.resolve(file.getFileName());
            DurableFiles.moveFile(file, target);
            moved.add(target);
        }
        return List.copyOf(moved);
    }

    private static boolean allRecordsPrecede(
        final SingleChronicleQueue queue, final ExcerptTailer tailer, final RecordBatch batch, final int cycle,
        final long sequence)
    {
        final long count = tailer.excerptsInCycle(cycle);
        // Walk back from the cycle's last document to its last valid record; unverifiable frames carry no sequence.
        for (long i = count - 1; i >= 0; i--)
        {
            if (tailer.moveToIndex(queue.rollCycle().toIndex(cycle, i)))
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (dc.isPresent())
                    {
                        batch.load(dc.wire().bytes());
                        if (batch.verifyToLastValid(queue.fileAbsolutePath()) >= 0)
                        {
                            return batch.lastValidSequence() < sequence;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static File cycleFile(final SingleChronicleQueue queue, final ExcerptTailer tailer, final int cycle)
    {
        tailer.moveToCycle(cycle);
        final File file = tailer.currentFile();
        if (file == null)
        {
            throw new IllegalStateException("no file for cycle " + cycle + " in " + queue.fileAbsolutePath());
        }
        return file;
    }
}
