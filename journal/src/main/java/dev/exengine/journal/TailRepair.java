package dev.exengine.journal;

import dev.exengine.storage.DurableFiles;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Sets a lost tail ({@link LostTail}) aside, so that the writer appends where every reader finds its
 * records. Chronicle cannot truncate a cycle file, nor be told where to append: the last cycle file readers reach is
 * rebuilt from the documents they reach, byte for byte, in a scratch directory, and put in its place; the file as
 * it was, and any later one, stays in the journal directory as {@code <name>}{@link #DAMAGED_SUFFIX}, which no
 * reader lists, for an operator to look at. Run by the journal's one writer only, with no queue open on the
 * directory.
 *
 * <p>Crash-safe: the old file is linked to its new name before the rebuilt one replaces it with an atomic rename, so a
 * crash leaves the cycle's file whole, old or rebuilt, and the next start repairs an old one again.
 */
final class TailRepair
{
    /** What is appended to the name of a cycle file set aside. */
    static final String DAMAGED_SUFFIX = ".damaged";
    private static final String SCRATCH_DIRECTORY = "rebuild.tmp";

    private TailRepair()
    {
    }

    /** Deletes what a repair that a crash interrupted left in the scratch directory. */
    static void deleteScratch(final Path directory)
    {
        final Path scratch = directory.resolve(SCRATCH_DIRECTORY);
        if (!Files.exists(scratch))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(scratch))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + scratch, ex);
        }
    }

    /** @return the cycle files set aside, as they are named now. */
    static List<Path> repair(final Path directory, final LostTail lost)
    {
        final List<Path> setAside = new ArrayList<>();
        if (lost.rebuild())
        {
            setAside.add(rebuild(directory, lost));
        }
        for (final Path later : lost.laterFiles())
        {
            final Path aside = asideName(later);
            DurableFiles.move(later, aside);
            setAside.add(aside);
        }
        return List.copyOf(setAside);
    }

    private static Path rebuild(final Path directory, final LostTail lost)
    {
        final Path scratch = directory.resolve(SCRATCH_DIRECTORY);
        final Path rebuilt = copyReachableDocuments(directory, lost, scratch);
        final Path aside = asideName(lost.file());
        try
        {
            if (!Files.exists(aside))
            {
                keepAside(lost.file(), aside);
            }
            DurableFiles.force(directory);
            if (rebuilt != null)
            {
                DurableFiles.force(rebuilt);
                Files.move(rebuilt, lost.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            else
            {
                Files.delete(lost.file());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot put the rebuilt " + lost.file() + " in place", ex);
        }
        DurableFiles.force(directory);
        deleteScratch(directory);
        return aside;
    }

    /** A second name for the file as it is, which the rename of the rebuilt one over it leaves in place. */
    private static void keepAside(final Path file, final Path aside) throws IOException
    {
        try
        {
            Files.createLink(aside, file);
        }
        catch (final UnsupportedOperationException ex)
        {
            Files.copy(file, aside);
            DurableFiles.force(aside);
        }
    }

    /** @return the rebuilt cycle file, or null when readers reach no document of the cycle. */
    private static Path copyReachableDocuments(final Path directory, final LostTail lost, final Path scratch)
    {
        if (lost.documents() == 0)
        {
            return null;
        }
        try (SingleChronicleQueue from = JournalQueues.openReadOnly(directory);
            ExcerptTailer tailer = from.createTailer();
            SingleChronicleQueue to = JournalQueues.open(scratch, clockIn(from, lost.cycle()), from.rollCycle());
            ExcerptAppender appender = to.createAppender())
        {
            if (!tailer.moveToCycle(lost.cycle()))
            {
                throw new IllegalStateException("cannot read " + lost.file() + " again to rebuild it");
            }
            for (long copied = 0; copied < lost.documents(); copied++)
            {
                try (DocumentContext in = tailer.readingDocument())
                {
                    if (!in.isPresent() || from.rollCycle().toCycle(in.index()) != lost.cycle())
                    {
                        throw new IllegalStateException("document " + copied + " of " + lost.file() +
                            " cannot be read again to rebuild it");
                    }
                    final Bytes<?> bytes = in.wire().bytes();
                    try (DocumentContext out = appender.writingDocument())
                    {
                        out.wire().bytes().write(bytes, bytes.readPosition(), bytes.readRemaining());
                    }
                }
            }
            final Path rebuilt = appender.currentFile().toPath();
            if (!rebuilt.getFileName().equals(lost.file().getFileName()))
            {
                throw new IllegalStateException("rebuilt " + lost.file() + " as " + rebuilt);
            }
            return rebuilt;
        }
    }

    /** A clock in the cycle, so that the scratch queue writes the same cycle's file. */
    private static SetTimeProvider clockIn(final SingleChronicleQueue queue, final int cycle)
    {
        return new SetTimeProvider(Instant.ofEpochMilli(queue.epoch() + (long)cycle * queue.rollCycle().lengthInMillis()));
    }

    /** {@code <name>.damaged}, or the first of {@code <name>.damaged.2, .3...} that is free or is the file already. */
    private static Path asideName(final Path file)
    {
        Path aside = file.resolveSibling(file.getFileName() + DAMAGED_SUFFIX);
        for (int n = 2; Files.exists(aside) && !isSameFile(aside, file); n++)
        {
            aside = file.resolveSibling(file.getFileName() + DAMAGED_SUFFIX + "." + n);
        }
        return aside;
    }

    private static boolean isSameFile(final Path one, final Path other)
    {
        try
        {
            return Files.exists(other) && Files.isSameFile(one, other);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
