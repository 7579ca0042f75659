package dev.exengine.metrics;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A node's counters file, written by the node ({@link CountersLayout}): its {@link MetricCounters} live in a
 * memory-mapped file that a separate process reads while the node runs ({@link CountersFileReader}, {@code bin/engine
 * stat}), as Aeron's {@code cnc.dat} is.
 *
 * <p>The node holds a lock on the file for its life, so a second node on the same data directory is refused here,
 * before it changes anything. A file left by an earlier run (any layout) is rewritten in place, the version first set
 * to 0, so that a reader still mapping it sees a new writer rather than a file cut from under it. The mapping is never
 * unmapped by hand: the counters keep it reachable, and a thread that still bumps one after the close writes into
 * memory that stays valid.
 */
public final class CountersFile implements AutoCloseable
{
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final UnsafeBuffer header;
    private final MetricCounters counters;
    private boolean closed;

    private CountersFile(
        final Path path, final FileChannel channel, final FileLock lock, final MappedByteBuffer mapped,
        final int capacity)
    {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.header = new UnsafeBuffer(mapped, 0, CountersLayout.HEADER_LENGTH);
        this.counters = new MetricCounters(new CountersManager(
            new UnsafeBuffer(mapped, CountersLayout.metadataOffset(), CountersLayout.metadataLength(capacity)),
            new UnsafeBuffer(mapped, CountersLayout.valuesOffset(capacity), CountersLayout.valuesLength(capacity))));
    }

    /**
     * Creates the file, or takes over one an earlier run left, for this process.
     *
     * @param capacity    how many counters it holds.
     * @param startMillis when the node started, in milliseconds since the epoch.
     * @throws IllegalStateException when another node holds the file: it runs on the same data directory.
     * @throws UncheckedIOException  naming the file and the operating system's reason when it cannot be written.
     */
    public static CountersFile create(final Path path, final int capacity, final long startMillis)
    {
        if (capacity < 1 || capacity > CountersLayout.MAX_CAPACITY)
        {
            throw new IllegalArgumentException("counters capacity " + capacity + " outside [1, " +
                CountersLayout.MAX_CAPACITY + "]");
        }
        FileChannel channel = null;
        try
        {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            final FileLock lock = tryLock(channel);
            if (lock == null)
            {
                throw new IllegalStateException("another node is running on this data directory: it holds the " +
                    "counters file " + path + describeOwner(channel));
            }
            final long length = CountersLayout.fileLength(capacity);
            if (channel.size() >= CountersLayout.HEADER_LENGTH)
            {
                // A reader still mapping the old file sees a writer at work before anything else changes.
                final MappedByteBuffer old = channel.map(FileChannel.MapMode.READ_WRITE, 0, CountersLayout.HEADER_LENGTH);
                new UnsafeBuffer(old).putIntVolatile(CountersLayout.VERSION_OFFSET, 0);
            }
            if (channel.size() > length)
            {
                channel.truncate(length);
            }
            else if (channel.size() < length)
            {
                channel.write(ByteBuffer.wrap(new byte[1]), length - 1);
            }
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            final UnsafeBuffer whole = new UnsafeBuffer(mapped);
            whole.setMemory(0, (int)length, (byte)0);
            whole.putLong(CountersLayout.MAGIC_OFFSET, CountersLayout.MAGIC);
            whole.putInt(CountersLayout.CAPACITY_OFFSET, capacity);
            whole.putLong(CountersLayout.PID_OFFSET, ProcessHandle.current().pid());
            whole.putLong(CountersLayout.START_MILLIS_OFFSET, startMillis);
            whole.putLong(CountersLayout.HEARTBEAT_MILLIS_OFFSET, startMillis);
            whole.putInt(CountersLayout.STATE_OFFSET, CountersLayout.STATE_RUNNING);
            whole.putIntVolatile(CountersLayout.VERSION_OFFSET, CountersLayout.VERSION);
            return new CountersFile(path, channel, lock, mapped, capacity);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot write the counters file " + path + ": " + ex.getMessage(), ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(channel);
            throw ex;
        }
    }

    public Path path()
    {
        return path;
    }

    /** The counters, to allocate and bump. */
    public MetricCounters counters()
    {
        return counters;
    }

    /** Tells readers the writer is alive; from one thread (the node's sampler). */
    public void heartbeat(final long nowMillis)
    {
        header.putLongRelease(CountersLayout.HEARTBEAT_MILLIS_OFFSET, nowMillis);
    }

    /**
     * Marks the file closed (the values stay, the writer's last) and releases it. Every thread that bumps a counter
     * should have stopped; one that has not writes into memory that stays valid.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        header.putIntVolatile(CountersLayout.STATE_OFFSET, CountersLayout.STATE_CLOSED);
        try
        {
            lock.release();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot release the counters file " + path, ex);
        }
        finally
        {
            closeQuietly(channel);
        }
    }

    /**
     * @return the lock, or null when another process or another node of this one holds it. (A POSIX lock is the
     * process's: it would be lost if this process closed another channel on the file, which the node never does.)
     */
    private static FileLock tryLock(final FileChannel channel) throws IOException
    {
        try
        {
            return channel.tryLock();
        }
        catch (final OverlappingFileLockException ex)
        {
            return null;
        }
    }

    private static String describeOwner(final FileChannel channel) throws IOException
    {
        if (channel.size() < CountersLayout.HEADER_LENGTH)
        {
            return "";
        }
        final ByteBuffer header = ByteBuffer.allocate(CountersLayout.HEADER_LENGTH).order(ByteOrder.nativeOrder());
        channel.read(header, 0);
        return header.getLong(CountersLayout.MAGIC_OFFSET) == CountersLayout.MAGIC ?
            " (process " + header.getLong(CountersLayout.PID_OFFSET) + ")" : "";
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // Already failing or closing: the lock goes with the channel.
            }
        }
    }
}
