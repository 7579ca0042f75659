package dev.exengine.journal;

import java.nio.ByteOrder;

/**
 * Layout of one journal record, the whole body of one Chronicle Queue document. All fields are little-endian.
 * <pre>
 *   0  short  format version
 *   2  long   journal sequence (gap-free, starts at 1)
 *  10  long   timestamp (unit chosen by the caller)
 *  18  long   origin (session or user id)
 *  26  int    payload length
 *  30  byte[] payload
 *  30+length  int CRC32C over bytes [0, 30+length)
 * </pre>
 */
public final class JournalRecordDescriptor
{
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /** The newest record format this code writes and reads. */
    public static final short CURRENT_VERSION = 1;

    public static final int VERSION_OFFSET = 0;
    public static final int SEQUENCE_OFFSET = VERSION_OFFSET + Short.BYTES;
    public static final int TIMESTAMP_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    public static final int ORIGIN_OFFSET = TIMESTAMP_OFFSET + Long.BYTES;
    public static final int PAYLOAD_LENGTH_OFFSET = ORIGIN_OFFSET + Long.BYTES;
    public static final int HEADER_LENGTH = PAYLOAD_LENGTH_OFFSET + Integer.BYTES;
    public static final int PAYLOAD_OFFSET = HEADER_LENGTH;
    public static final int CRC_LENGTH = Integer.BYTES;

    /** Bytes a record with an empty payload takes. */
    public static final int MIN_RECORD_LENGTH = HEADER_LENGTH + CRC_LENGTH;

    /** Largest payload accepted; keeps a record well inside one Chronicle block. */
    public static final int MAX_PAYLOAD_LENGTH = 1 << 20;

    private JournalRecordDescriptor()
    {
    }

    public static int recordLength(final int payloadLength)
    {
        return MIN_RECORD_LENGTH + payloadLength;
    }

    public static int crcOffset(final int payloadLength)
    {
        return PAYLOAD_OFFSET + payloadLength;
    }
}
