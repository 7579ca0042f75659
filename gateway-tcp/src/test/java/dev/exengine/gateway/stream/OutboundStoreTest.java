package dev.exengine.gateway.stream;

import dev.exengine.storage.UnfinishedCycleFiles;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

    /**
     * A gateway killed as it made a user's stream file (its first message) leaves the file without Chronicle's header:
     * Chronicle would wait 10 s on it at every open and read, and then fail. It holds nothing; the open sets it aside
     * and the stream starts at 1, whether or not Chronicle's listing counted the file yet.
     */
    @ParameterizedTest(name = "header word {0}, counted in Chronicle's listing: {1}")
    @CsvSource({"0, false", "-2147483648, false", "0, true", "-2147483648, true"})
    void shouldSetAsideAStreamFileWhoseCreationWasCutShort(final int headerWord, final boolean listed)
        throws IOException
    {
        final Path file = dir.resolve("19700101F.cq4");
        if (listed)
        {
            try (OutboundStore store = OutboundStore.open(dir))
            {
                store.append(message(1), 0, 8);
            }
        }
        // Of what was written there, only the header's word is left.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN).putInt(0, headerWord), 0);
        }

        try (OutboundStore store = OutboundStore.open(dir);
             OutboundStore.Cursor cursor = store.cursor())
        {
            assertEquals(1, store.nextSequence());
            assertEquals(1, store.append(message(7), 0, 8));
            assertTrue(cursor.seek(1));
            assertEquals(8, cursor.read(buffer, 0, 256));
            assertEquals(7, buffer.getLong(0));
        }
        assertTrue(Files.exists(dir.resolve("19700101F.cq4" + UnfinishedCycleFiles.SET_ASIDE_SUFFIX)));
        try (OutboundStore store = OutboundStore.openReadOnly(dir))
        {
            assertEquals(2, store.nextSequence());
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
