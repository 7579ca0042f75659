package dev.exengine.gateway.stream;

import dev.exengine.gateway.Gateway;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** At shutdown the server stores everything still in its event ring, also a backlog that wraps around its end. */
class DrainTest
{
    private static final int CAPACITY = 1024;

    @Test
    void shouldReadABacklogThatWrapsAroundTheEndOfTheRing()
    {
        assertTrue(wrappedBacklog().read((type, buffer, index, length) -> { }) < 12, "one read stops at the end");

        final List<Integer> read = new ArrayList<>();
        assertEquals(12, UserStreams.drainFully(wrappedBacklog(),
            (type, buffer, index, length) -> read.add(buffer.getInt(index))));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), read);
    }

    /** A ring whose head is near the end of its buffer, holding 12 messages numbered 0..11 that wrap around. */
    private static OneToOneRingBuffer wrappedBacklog()
    {
        final OneToOneRingBuffer ring = new OneToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH)));
        final UnsafeBuffer message = new UnsafeBuffer(new byte[56]);
        for (int i = 0; i < 14; i++)
        {
            assertTrue(ring.write(1, message, 0, message.capacity()));
        }
        assertEquals(14, ring.read((type, buffer, index, length) -> { }));
        for (int i = 0; i < 12; i++)
        {
            message.putInt(0, i);
            assertTrue(ring.write(1, message, 0, message.capacity()), "message " + i);
        }
        return ring;
    }
}
