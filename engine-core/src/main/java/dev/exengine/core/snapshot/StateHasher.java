package dev.exengine.core.snapshot;

import org.agrona.DirectBuffer;

/**
 * XXH64 (seed 0) over bytes: the state hash is this hash of the canonical snapshot of the state. Allocates nothing.
 */
public final class StateHasher
{
    private static final long PRIME1 = 0x9E3779B185EBCA87L;
    private static final long PRIME2 = 0xC2B2AE3D27D4EB4FL;
    private static final long PRIME3 = 0x165667B19E3779F9L;
    private static final long PRIME4 = 0x85EBCA77C2B2AE63L;
    private static final long PRIME5 = 0x27D4EB2F165667C5L;

    private StateHasher()
    {
    }

    public static long hash(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        int index = offset;
        long hash;
        if (length >= 32)
        {
            long v1 = PRIME1 + PRIME2;
            long v2 = PRIME2;
            long v3 = 0;
            long v4 = -PRIME1;
            while (index <= end - 32)
            {
                v1 = round(v1, buffer.getLong(index, SnapshotLayout.ORDER));
                v2 = round(v2, buffer.getLong(index + 8, SnapshotLayout.ORDER));
                v3 = round(v3, buffer.getLong(index + 16, SnapshotLayout.ORDER));
                v4 = round(v4, buffer.getLong(index + 24, SnapshotLayout.ORDER));
                index += 32;
            }
            hash = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) +
                Long.rotateLeft(v4, 18);
            hash = merge(hash, v1);
            hash = merge(hash, v2);
            hash = merge(hash, v3);
            hash = merge(hash, v4);
        }
        else
        {
            hash = PRIME5;
        }
        hash += length;
        while (index <= end - 8)
        {
            hash ^= round(0, buffer.getLong(index, SnapshotLayout.ORDER));
            hash = Long.rotateLeft(hash, 27) * PRIME1 + PRIME4;
            index += 8;
        }
        if (index <= end - 4)
        {
            hash ^= (buffer.getInt(index, SnapshotLayout.ORDER) & 0xFFFF_FFFFL) * PRIME1;
            hash = Long.rotateLeft(hash, 23) * PRIME2 + PRIME3;
            index += 4;
        }
        while (index < end)
        {
            hash ^= (buffer.getByte(index) & 0xFFL) * PRIME5;
            hash = Long.rotateLeft(hash, 11) * PRIME1;
            index++;
        }
        hash ^= hash >>> 33;
        hash *= PRIME2;
        hash ^= hash >>> 29;
        hash *= PRIME3;
        hash ^= hash >>> 32;
        return hash;
    }

    private static long round(final long accumulator, final long input)
    {
        return Long.rotateLeft(accumulator + input * PRIME2, 31) * PRIME1;
    }

    private static long merge(final long hash, final long value)
    {
        return (hash ^ round(0, value)) * PRIME1 + PRIME4;
    }
}
