package dev.exengine.pipeline;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.core.command.CommandType;
import dev.exengine.journal.JournalReader;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The commands a journal's SKIP_COMMAND records leave out, in journal order. */
final class JournaledSkips
{
    private JournaledSkips()
    {
    }

    static List<Long> read(final Path journalDirectory)
    {
        final List<Long> skipped = new ArrayList<>();
        final Command command = new Command();
        final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
        try (JournalReader reader = JournalReader.open(journalDirectory))
        {
            while (reader.poll((sequence, timestamp, origin, buffer, offset, length) ->
            {
                payload.wrap(buffer, offset, length);
                if (CommandCodec.decode(payload, 0, length, command) > 0 &&
                    command.type() == CommandType.SKIP_COMMAND)
                {
                    skipped.add(command.skippedSequence());
                }
            }, 1024) > 0)
            {
                // To the journal's end.
            }
        }
        return skipped;
    }
}
