package dev.exengine.gateway.stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class OutboundStoreTest
{
    @TempDir
    Path dir;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    @Test
    void shouldNumberMessagesFromOneAndReadThemBackFromAnySequence()
    {
        try (OutboundStore store = OutboundStore.open(dir))
        {
            assertEquals(1, store.nextSequence());
            for (int i = 1; i <= 300; i++)
            {
                assertEquals(i, store.append(message(i), 0, 8));
            }
            try (OutboundStore.Cursor cursor = store.cursor())
            {
                assertTrue(cursor.seek(1));
                for (int i = 1; i <= 300; i++)
                {
                    assertEquals(8, cursor.read(buffer, 0, 256), "message " + i);
                    assertEquals(i, buffer.getLong(0));
                }
                assertEquals(-1, cursor.read(buffer, 0, 256), "nothing after the end");
                assertTrue(cursor.seek(250));
                assertEquals(8, cursor.read(buffer, 0, 256));
                assertEquals(250, buffer.getLong(0));
                assertFalse(cursor.seek(301), "not stored yet");
            }
        }
    }

    @Test
    void shouldContinueNumberingAfterReopen()
    {
        try (OutboundStore store = OutboundStore.open(dir))
        {
            store.append(message(1), 0, 8);
            store.append(message(2), 0, 8);
        }
        try (OutboundStore store = OutboundStore.open(dir);
             OutboundStore.Cursor cursor = store.cursor())
        {
            assertEquals(3, store.nextSequence());
            assertEquals(3, store.append(message(3), 0, 8));
            assertTrue(cursor.seek(2));
            assertEquals(8, cursor.read(buffer, 0, 256));
            assertEquals(2, buffer.getLong(0));
            assertEquals(8, cursor.read(buffer, 0, 256));
            assertEquals(3, buffer.getLong(0));
        }
    }

    @Test
    void shouldLeaveCursorInPlaceWhenMessageDoesNotFit()
    {
        try (OutboundStore store = OutboundStore.open(dir);
             OutboundStore.Cursor cursor = store.cursor())
        {
            store.append(message(1), 0, 8);
            assertTrue(cursor.seek(1));
            assertEquals(-1, cursor.read(buffer, 0, 4));
            assertEquals(1, cursor.sequence());
            assertEquals(8, cursor.read(buffer, 0, 8));
        }
    }

    @Test
    void shouldStoreMessagesOfEveryLengthByteForByteFromAnyOffset()
    {
        final int longest = 2_000;
        final UnsafeBuffer source = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(longest + 7));
        for (int i = 0; i < source.capacity(); i++)
        {
            source.putByte(i, (byte)(i * 31 + 7));
        }
        final UnsafeBuffer read = new UnsafeBuffer(new byte[longest]);
        try (OutboundStore store = OutboundStore.open(dir);
             OutboundStore.Cursor cursor = store.cursor())
        {
            for (int length = 1; length <= longest; length += 333)
            {
                store.append(source, 7, length);
            }
            assertTrue(cursor.seek(1));
            for (int length = 1; length <= longest; length += 333)
            {
                assertEquals(length, cursor.read(read, 0, longest));
                for (int i = 0; i < length; i++)
                {
                    assertEquals(source.getByte(7 + i), read.getByte(i),
                        "byte " + i + " of a " + length + "-byte message");
                }
            }
        }
    }

    @Test
    void shouldStoreFromHeapMemoryAndReadIntoDirectMemoryAtAnOffset()
    {
        final UnsafeBuffer source = new UnsafeBuffer(new byte[64], 3, 40);
        for (int i = 0; i < source.capacity(); i++)
        {
            source.putByte(i, (byte)(100 + i));
        }
        final UnsafeBuffer read = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(64));
        try (OutboundStore store = OutboundStore.open(dir);
             OutboundStore.Cursor cursor = store.cursor())
        {
            store.append(source, 5, 30);
            assertTrue(cursor.seek(1));
            assertEquals(30, cursor.read(read, 9, 40));
            for (int i = 0; i < 30; i++)
            {
                assertEquals(source.getByte(5 + i), read.getByte(9 + i), "byte " + i);
            }
        }
    }

    private UnsafeBuffer message(final long value)
    {
        final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
        message.putLong(0, value);
        return message;
    }
}
