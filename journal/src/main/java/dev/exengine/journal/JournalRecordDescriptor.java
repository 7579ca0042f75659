package dev.exengine.journal;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Layout of the journal. A Chronicle Queue document is a batch: one or more records laid end to end, each
 * delimited by its own payload length, and written by one {@link CommandJournal#flush()} or at a batch bound
 * ({@link #MAX_BATCH_RECORDS}, {@link #MAX_BATCH_BYTES}). One record, all fields little-endian:
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

    /**
     * The newest format this code writes and reads, both in each record and in {@code journal.meta}. Version 2 puts
     * several records in a document; version 1 (one record per document) is still read, as a batch of one.
     */
    public static final short CURRENT_VERSION = 2;

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

    /** A batch document is committed once it holds this many records... */
    public static final int MAX_BATCH_RECORDS = 256;

    /** ...or at least this many bytes, so that documents stay small however long a Disruptor batch is. */
    public static final int MAX_BATCH_BYTES = 32 * 1024;

    /** Longest document a writer produces: a batch just under the byte bound plus the largest record. */
    public static final int MAX_DOCUMENT_LENGTH = MAX_BATCH_BYTES + MIN_RECORD_LENGTH + MAX_PAYLOAD_LENGTH;

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

    /**
     * The CRC32C a record carries: over its header and payload, from {@code frame} up to its CRC field.
     *
     * @param crc reused between calls; reset here.
     */
    public static int checksum(final CRC32C crc, final byte[] array, final int frame, final int payloadLength)
    {
        crc.reset();
        crc.update(array, frame, crcOffset(payloadLength));
        return (int)crc.getValue();
    }
}
