package dev.exengine.server;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.core.command.CommandType;
import dev.exengine.journal.CommandJournal;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.journal.JournalReader;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An operator's decision to leave a command out of the state for good, journaled as the engine journals its own:
 * a SKIP_COMMAND record at the journal's end. Only with the engine stopped (the journal's lock refuses otherwise).
 */
final class JournalSkip
{
    private JournalSkip()
    {
    }

    /**
     * @return the journal sequence of the SKIP_COMMAND record.
     * @throws IllegalArgumentException when the journal holds no command at that sequence.
     */
    static long append(final Path journalDirectory, final long skipped)
    {
        if (!Files.isDirectory(journalDirectory))
        {
            throw new IllegalArgumentException("no journal in " + journalDirectory);
        }
        final long timestamp = commandTimestamp(journalDirectory, skipped);
        final Command skip = new Command().type(CommandType.SKIP_COMMAND).skippedSequence(skipped);
        final ByteBuffer encoded = ByteBuffer.allocate(CommandCodec.MAX_ENCODED_LENGTH);
        try (CommandJournal journal = CommandJournal.open(journalDirectory, DurabilityMode.FSYNC))
        {
            final long at = journal.append(Math.max(timestamp, lastTimestamp(journalDirectory)), 0, encoded, 0,
                CommandCodec.encode(skip, new UnsafeBuffer(encoded), 0));
            journal.flush();
            return at;
        }
    }

    /** The timestamp of the command at {@code sequence}, which must be a command a client sent. */
    private static long commandTimestamp(final Path journalDirectory, final long sequence)
    {
        final Command command = new Command();
        final long[] timestamp = {-1};
        try (JournalReader reader = JournalReader.open(journalDirectory))
        {
            if (sequence < 1 || !reader.seek(sequence) || reader.poll((s, t, o, buffer, offset, length) ->
            {
                if (CommandCodec.decode(new UnsafeBuffer(buffer, offset, length), 0, length, command) > 0 &&
                    !command.type().isControl())
                {
                    timestamp[0] = t;
                }
            }, 1) == 0 || timestamp[0] < 0)
            {
                throw new IllegalArgumentException("the journal in " + journalDirectory + " holds no command at " +
                    "sequence " + sequence + " to leave out");
            }
        }
        return timestamp[0];
    }

    private static long lastTimestamp(final Path journalDirectory)
    {
        final long[] last = {0};
        try (JournalReader reader = JournalReader.open(journalDirectory))
        {
            final long end = reader.lastSequence();
            if (end > 0 && reader.seek(end))
            {
                reader.poll((s, t, o, buffer, offset, length) -> last[0] = t, 1);
            }
        }
        return last[0];
    }
}
