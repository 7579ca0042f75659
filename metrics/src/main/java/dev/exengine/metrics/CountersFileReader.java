package dev.exengine.metrics;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a node's counters file ({@link CountersLayout}) live, from any process, as AeronStat reads {@code cnc.dat}:
 * the file is mapped read-only and every read shows the values as they are now. Checks the header first, so that a
 * file of another layout or another program is refused rather than misread; notices when a new node has taken the file
 * over ({@link #isCurrent()}), after which the caller opens it again.
 */
public final class CountersFileReader
{
    private final Path path;
    private final Object fileKey;
    private final UnsafeBuffer header;
    private final CountersReader reader;
    private final long pid;
    private final long startMillis;

    /** One counter as read. {@code kind} is null for a type id this version does not know. */
    public record CounterValue(int id, MetricKind kind, String label, long value)
    {
    }

    private CountersFileReader(
        final Path path, final Object fileKey, final MappedByteBuffer mapped, final int capacity)
    {
        this.path = path;
        this.fileKey = fileKey;
        this.header = new UnsafeBuffer(mapped, 0, CountersLayout.HEADER_LENGTH);
        this.reader = new CountersReader(
            new UnsafeBuffer(mapped, CountersLayout.metadataOffset(), CountersLayout.metadataLength(capacity)),
            new UnsafeBuffer(mapped, CountersLayout.valuesOffset(capacity), CountersLayout.valuesLength(capacity)),
            StandardCharsets.UTF_8);
        this.pid = header.getLong(CountersLayout.PID_OFFSET);
        this.startMillis = header.getLong(CountersLayout.START_MILLIS_OFFSET);
    }

    /**
     * Maps the file read-only once its header checks out.
     *
     * @throws CountersFileException saying what is wrong: missing, being written, not a counters file, another layout.
     */
    public static CountersFileReader open(final Path path)
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final Object fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            final long size = channel.size();
            if (size == 0)
            {
                throw new CountersFileException(CountersFileException.Problem.BEING_WRITTEN, path +
                    " is empty: a node is creating it");
            }
            if (size < CountersLayout.HEADER_LENGTH)
            {
                throw notCounters(path, "it is " + size + " bytes long, shorter than a counters file's header");
            }
            final UnsafeBuffer header = new UnsafeBuffer(
                channel.map(FileChannel.MapMode.READ_ONLY, 0, CountersLayout.HEADER_LENGTH));
            final long magic = header.getLong(CountersLayout.MAGIC_OFFSET);
            final int version = header.getIntVolatile(CountersLayout.VERSION_OFFSET);
            if (version == 0 && (magic == 0 || magic == CountersLayout.MAGIC))
            {
                throw new CountersFileException(CountersFileException.Problem.BEING_WRITTEN, path +
                    " is being written by a node that is starting");
            }
            if (magic != CountersLayout.MAGIC)
            {
                throw notCounters(path, "it does not start with an exengine counters file's mark");
            }
            if (version != CountersLayout.VERSION)
            {
                throw new CountersFileException(CountersFileException.Problem.OTHER_LAYOUT, path + " is a counters " +
                    "file of layout version " + version + "; this version of the tool reads version " +
                    CountersLayout.VERSION + ": use the tool of the node's version");
            }
            final int capacity = header.getInt(CountersLayout.CAPACITY_OFFSET);
            if (capacity < 1 || capacity > CountersLayout.MAX_CAPACITY || size != CountersLayout.fileLength(capacity))
            {
                throw new CountersFileException(CountersFileException.Problem.OTHER_LAYOUT, path + " is " + size +
                    " bytes long, which a counters file of capacity " + capacity + " is not (" +
                    (capacity < 1 || capacity > CountersLayout.MAX_CAPACITY ? "no such capacity" :
                    CountersLayout.fileLength(capacity) + " bytes") + "): damaged, or another layout");
            }
            return new CountersFileReader(path, fileKey,
                channel.map(FileChannel.MapMode.READ_ONLY, 0, size), capacity);
        }
        catch (final NoSuchFileException ex)
        {
            throw new CountersFileException(CountersFileException.Problem.MISSING, "no counters file " + path +
                ": no node has started on this data directory");
        }
        catch (final IOException ex)
        {
            throw new CountersFileException(CountersFileException.Problem.UNREADABLE, "cannot read " + path + ": " +
                ex.getMessage());
        }
    }

    public Path path()
    {
        return path;
    }

    /** The writer's process id. */
    public long pid()
    {
        return pid;
    }

    /** When the writer started, in milliseconds since the epoch. */
    public long startMillis()
    {
        return startMillis;
    }

    /** The writer's last heartbeat, in milliseconds since the epoch. */
    public long heartbeatMillis()
    {
        return header.getLongVolatile(CountersLayout.HEARTBEAT_MILLIS_OFFSET);
    }

    /** @return true once the writer has closed the file: the values are its last. */
    public boolean isClosed()
    {
        return header.getIntVolatile(CountersLayout.STATE_OFFSET) == CountersLayout.STATE_CLOSED;
    }

    /**
     * @return false once another writer has taken the file over (or is doing so), or the path names another file: open
     * it again to read the new one.
     */
    public boolean isCurrent()
    {
        if (header.getIntVolatile(CountersLayout.VERSION_OFFSET) != CountersLayout.VERSION ||
            header.getLong(CountersLayout.PID_OFFSET) != pid ||
            header.getLong(CountersLayout.START_MILLIS_OFFSET) != startMillis)
        {
            return false;
        }
        try
        {
            return Objects.equals(fileKey, Files.readAttributes(path, BasicFileAttributes.class).fileKey());
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** Every allocated counter with its value now, in id order. */
    public List<CounterValue> counters()
    {
        final List<CounterValue> values = new ArrayList<>();
        reader.forEach((counterId, typeId, keyBuffer, label) -> values.add(
            new CounterValue(counterId, MetricKind.ofTypeId(typeId), label, reader.getCounterValue(counterId))));
        return values;
    }

    private static CountersFileException notCounters(final Path path, final String why)
    {
        return new CountersFileException(CountersFileException.Problem.NOT_COUNTERS, path +
            " is not an exengine counters file: " + why);
    }
}
