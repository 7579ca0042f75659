package dev.exengine.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Chronicle Queue cycle files whose creation a kill cut short. Chronicle makes a cycle file at its full size and then
 * writes the file's own header first, before any document: the header's 4-byte word is 0 until Chronicle claims it
 * and has its top bit (not complete) set until the header is written. A file whose first word is still one of those
 * holds no document. Chronicle, however, takes it for a header that a live writer is finishing: every reader and
 * writer that reaches the file waits its timeout (10 s) and then fails or winds back to the start, so that a process
 * killed while rolling to a new cycle file leaves a queue that nothing can open promptly.
 *
 * <p>{@link #setAside} renames such files out of Chronicle's sight ({@code NAME.cq4.unfinished}): only the newest ones,
 * which a killed writer was making (an unfinished file older than a finished one is not a cut-short creation, and is
 * left for the queue's own checks to name), and only by the queue's one writer before it opens the queue: a live
 * writer's file is unfinished for the microseconds it takes to write the header.
 */
public final class UnfinishedCycleFiles
{
    private static final System.Logger LOG = System.getLogger(UnfinishedCycleFiles.class.getName());
    /** The suffix of Chronicle's cycle files. */
    private static final String CYCLE_FILE_SUFFIX = ".cq4";
    /** Appended to the name of a cycle file set aside. */
    public static final String SET_ASIDE_SUFFIX = ".unfinished";
    /** Chronicle's header bit: the header is being written. */
    private static final int NOT_COMPLETE = 0x8000_0000;

    private UnfinishedCycleFiles()
    {
    }

    /**
     * Renames the newest cycle files of {@code directory} that hold no header (and so no document) to
     * {@code NAME.cq4.unfinished}, replacing an earlier one of that name, and logs each. Call it only as the queue's one
     * writer, before the queue is opened; Chronicle's listing of the cycles (its metadata file) may still count them
     * until the queue is opened for writing and refreshes it.
     *
     * @return the files as renamed, oldest first; empty when there were none (or no directory).
     */
    public static List<Path> setAside(final Path directory)
    {
        final List<Path> setAside = new ArrayList<>();
        for (final Path file : find(directory))
        {
            final Path target = file.resolveSibling(file.getFileName() + SET_ASIDE_SUFFIX);
            DurableFiles.move(file, target);
            setAside.add(target);
            LOG.log(System.Logger.Level.WARNING, "set aside the cycle file " + file + " as " + target.getFileName() +
                ": a writer killed as it created it left it without Chronicle's header, so it holds nothing");
        }
        return setAside;
    }

    /**
     * The newest cycle files of {@code directory} that hold no header, oldest first, changing nothing: what
     * {@link #setAside} would rename. With a writer appending, the newest file may be one it is making this moment.
     */
    public static List<Path> find(final Path directory)
    {
        final List<Path> cycleFiles = cycleFiles(directory);
        int firstUnfinished = cycleFiles.size();
        while (firstUnfinished > 0 && isUnfinished(cycleFiles.get(firstUnfinished - 1)))
        {
            firstUnfinished--;
        }
        return List.copyOf(cycleFiles.subList(firstUnfinished, cycleFiles.size()));
    }

    /** Whether a cycle file's own header was never written: it is shorter than the header's word, or that word says so. */
    public static boolean isUnfinished(final Path cycleFile)
    {
        try (FileChannel channel = FileChannel.open(cycleFile, StandardOpenOption.READ))
        {
            final ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (word.hasRemaining() && channel.read(word, word.position()) > 0)
            {
                // Reads on until the word is whole or the file ends.
            }
            if (word.hasRemaining())
            {
                return true;
            }
            final int header = word.getInt(0);
            return header == 0 || (header & NOT_COMPLETE) != 0;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the header of " + cycleFile, ex);
        }
    }

    /** The cycle files of a directory in the order of their names, which is their cycles' order; empty when none. */
    private static List<Path> cycleFiles(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(file -> file.getFileName().toString().endsWith(CYCLE_FILE_SUFFIX))
                .filter(Files::isRegularFile)
                .sorted(Comparator.comparing(file -> file.getFileName().toString()))
                .toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + directory, ex);
        }
    }
}
