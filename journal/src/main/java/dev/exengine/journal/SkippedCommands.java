package dev.exengine.journal;

import dev.exengine.storage.DurableFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * The file in which versions before journaled skips kept the journal sequences of commands left out of the state
 * ({@link #FILE_NAME}, one sequence per line, beside the journal). The engine now journals a SKIP_COMMAND record for
 * each such command, so this is only read: by a replay of a journal the engine has not started on since (it leaves
 * them out as the record would), and by the engine's start, which journals a SKIP_COMMAND record for each and then
 * retires the file ({@link #retire}).
 */
public final class SkippedCommands
{
    /** The file in the journal directory. */
    public static final String FILE_NAME = "skipped-commands";
    /** What the file is renamed to once its sequences are journaled. */
    public static final String RETIRED_SUFFIX = ".journaled";

    private SkippedCommands()
    {
    }

    /**
     * @return the skipped sequences, ascending; empty when the journal has none.
     * @throws IllegalStateException when the file holds anything but sequences.
     */
    public static List<Long> read(final Path journalDirectory)
    {
        final Path file = journalDirectory.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            return List.of();
        }
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        final TreeSet<Long> sequences = new TreeSet<>();
        for (final String line : lines)
        {
            if (line.isBlank())
            {
                continue;
            }
            final long sequence = parseSequence(line.trim());
            if (sequence < 1)
            {
                throw new IllegalStateException(file + " holds '" + line + "', not a journal sequence");
            }
            sequences.add(sequence);
        }
        return List.copyOf(sequences);
    }

    /** @return the number, or 0 when the text is none. */
    private static long parseSequence(final String text)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }

    /**
     * Renames the file, once its sequences are journaled, to {@link #RETIRED_SUFFIX}: kept for the record, never read.
     */
    public static void retire(final Path journalDirectory)
    {
        final Path file = journalDirectory.resolve(FILE_NAME);
        if (Files.exists(file))
        {
            DurableFiles.move(file, journalDirectory.resolve(FILE_NAME + RETIRED_SUFFIX));
        }
    }
}
