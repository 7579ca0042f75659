package dev.exengine.metrics;

import org.agrona.BitUtil;
import org.agrona.concurrent.status.CountersReader;

/**
 * The layout of a counters file ({@link CountersFile}), in the style of Aeron's {@code cnc.dat}: a header, then
 * Agrona's counters metadata buffer, then its values buffer.
 * <pre>
 *   0  long  magic, "EXENGCTR": an exengine counters file
 *   8  int   layout version, written last: 0 while a node is (re)writing the file
 *  12  int   capacity: how many counters the buffers hold
 *  16  long  the writer's process id
 *  24  long  when the writer started, in milliseconds since the epoch
 *  32  long  the writer's heartbeat, in milliseconds since the epoch (every second while it runs)
 *  40  int   state: 1 running, 2 closed (the writer stopped; the values are its last)
 * 128  metadata: capacity x 512 bytes (type id, label: the series as Prometheus writes it)
 *      values:   capacity x 128 bytes (one long per counter, two cache lines apart)
 * </pre>
 * A reader checks the magic and the version, and that the file is as long as the capacity says; it notices a new
 * writer by its process id and start time.
 */
public final class CountersLayout
{
    public static final long MAGIC = 0x5254_4347_4E45_5845L;
    /** Bumped whenever the layout or the meaning of a type id changes: a reader refuses another version. */
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int CAPACITY_OFFSET = 12;
    public static final int PID_OFFSET = 16;
    public static final int START_MILLIS_OFFSET = 24;
    public static final int HEARTBEAT_MILLIS_OFFSET = 32;
    public static final int STATE_OFFSET = 40;
    public static final int HEADER_LENGTH = 2 * BitUtil.CACHE_LINE_LENGTH;
    public static final int STATE_RUNNING = 1;
    public static final int STATE_CLOSED = 2;
    /** The most counters a file may claim to hold; a larger claim is damage, not a layout. */
    static final int MAX_CAPACITY = 1 << 16;

    private CountersLayout()
    {
    }

    public static int metadataLength(final int capacity)
    {
        return capacity * CountersReader.METADATA_LENGTH;
    }

    public static int valuesLength(final int capacity)
    {
        return capacity * CountersReader.COUNTER_LENGTH;
    }

    public static int metadataOffset()
    {
        return HEADER_LENGTH;
    }

    public static int valuesOffset(final int capacity)
    {
        return HEADER_LENGTH + metadataLength(capacity);
    }

    public static long fileLength(final int capacity)
    {
        return (long)valuesOffset(capacity) + valuesLength(capacity);
    }
}
