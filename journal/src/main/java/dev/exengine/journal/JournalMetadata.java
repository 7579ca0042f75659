package dev.exengine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The small text file {@code journal.meta} next to the queue: the format version of the journal and the durability
 * mode it was last opened with. Written atomically (temporary file, then rename) on each writer open.
 */
final class JournalMetadata
{
    static final String FILE_NAME = "journal.meta";
    private static final String VERSION_KEY = "formatVersion=";
    private static final String MODE_KEY = "durabilityMode=";

    private final DurabilityMode durabilityMode;

    private JournalMetadata(final DurabilityMode durabilityMode)
    {
        this.durabilityMode = durabilityMode;
    }

    DurabilityMode durabilityMode()
    {
        return durabilityMode;
    }

    /**
     * Reads the metadata when present and refuses a journal of a newer format.
     *
     * @throws UnsupportedJournalVersionException when the journal was written by newer code.
     */
    static Optional<JournalMetadata> readSupported(final Path directory)
    {
        final Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            return Optional.empty();
        }
        int version = -1;
        DurabilityMode mode = null;
        try
        {
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                if (line.startsWith(VERSION_KEY))
                {
                    version = Integer.parseInt(line.substring(VERSION_KEY.length()).trim());
                }
                else if (line.startsWith(MODE_KEY))
                {
                    mode = DurabilityMode.valueOf(line.substring(MODE_KEY.length()).trim());
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        if (version < 1 || mode == null)
        {
            throw new IllegalStateException("malformed " + file);
        }
        if (version > JournalRecordDescriptor.CURRENT_VERSION)
        {
            throw new UnsupportedJournalVersionException(version, file.toString());
        }
        return Optional.of(new JournalMetadata(mode));
    }

    static void write(final Path directory, final DurabilityMode mode)
    {
        final String text = VERSION_KEY + JournalRecordDescriptor.CURRENT_VERSION + '\n' + MODE_KEY + mode.name() + '\n';
        DurableFiles.replace(directory.resolve(FILE_NAME), ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
}
