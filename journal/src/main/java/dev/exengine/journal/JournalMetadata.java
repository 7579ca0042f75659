package dev.exengine.journal;

import dev.exengine.storage.DurableFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The small text file {@code journal.meta} next to the queue: the format version of the journal and the durability
 * mode it was last opened with. Written durably ({@link DurableFiles#replace}) at a writer's open when it says something
 * else: a first open, an older format, another mode.
 */
final class JournalMetadata
{
    static final String FILE_NAME = "journal.meta";
    private static final String VERSION_KEY = "formatVersion=";
    private static final String MODE_KEY = "durabilityMode=";

    private final int version;
    private final DurabilityMode durabilityMode;

    private JournalMetadata(final int version, final DurabilityMode durabilityMode)
    {
        this.version = version;
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
        return Optional.of(new JournalMetadata(version, mode));
    }

    /** Writes the current format and this mode, unless the file read at open (if any) says just that. */
    static void writeIfChanged(final Path directory, final Optional<JournalMetadata> read, final DurabilityMode mode)
    {
        if (read.isEmpty() || read.get().version != JournalRecordDescriptor.CURRENT_VERSION ||
            read.get().durabilityMode != mode)
        {
            write(directory, mode);
        }
    }

    private static void write(final Path directory, final DurabilityMode mode)
    {
        final String text = VERSION_KEY + JournalRecordDescriptor.CURRENT_VERSION + '\n' + MODE_KEY + mode.name() + '\n';
        DurableFiles.replace(directory.resolve(FILE_NAME), ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
}
