package dev.exengine.journal;

import dev.exengine.storage.DurableFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * The journal sequences of commands that the engine left out of its state because the business logic threw while
 * applying them, kept durably next to the journal ({@link #FILE_NAME}, one sequence per line): a replay skips them,
 * so that it reaches the state the live run had, also when the failure does not happen again (it was the machine's,
 * not the command's). Written by the engine before it answers the command's reject, and at start for a command that
 * fails in the start-up replay near the journal's end (a run that stopped while rejecting it). An operator may add a
 * line by hand, with the engine stopped, to leave a command out for good. Rare, so the whole file is rewritten each
 * time ({@link DurableFiles#replace}).
 */
public final class SkippedCommands
{
    /** The file in the journal directory. */
    public static final String FILE_NAME = "skipped-commands";

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

    /** Adds a sequence, durably: when this returns, every later replay skips it. */
    public static void add(final Path journalDirectory, final long sequence)
    {
        final TreeSet<Long> sequences = new TreeSet<>(read(journalDirectory));
        if (sequences.add(sequence))
        {
            write(journalDirectory, sequences);
        }
    }

    /**
     * Forgets the sequences past the journal's end: their records were lost (a PROCESS-mode journal in a power loss;
     * this file was forced), and the journal will give those sequences to other commands, which must not be skipped.
     * Only the journal's writer may call this, before it appends.
     *
     * @return the forgotten sequences.
     */
    public static List<Long> forgetAfter(final Path journalDirectory, final long lastJournalSequence)
    {
        final TreeSet<Long> sequences = new TreeSet<>(read(journalDirectory));
        final List<Long> forgotten = List.copyOf(sequences.tailSet(lastJournalSequence, false));
        if (!forgotten.isEmpty())
        {
            sequences.removeAll(forgotten);
            write(journalDirectory, sequences);
        }
        return forgotten;
    }

    private static void write(final Path journalDirectory, final TreeSet<Long> sequences)
    {
        final StringBuilder text = new StringBuilder();
        for (final long skipped : sequences)
        {
            text.append(skipped).append('\n');
        }
        DurableFiles.replace(journalDirectory.resolve(FILE_NAME),
            ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)));
    }
}
