package dev.exengine.journal;

import java.nio.ByteBuffer;

/**
 * Receives verified journal records. The payload buffer is reused: its bytes are valid only during the call, and
 * the callee must not change its position, limit or order.
 */
@FunctionalInterface
public interface JournalRecordHandler
{
    void onRecord(long sequence, long timestamp, long origin, ByteBuffer buffer, int offset, int length);
}
