package dev.exengine.gateway.feed;

import dev.exengine.gateway.stream.StoredStream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedStoreTest
{
    @TempDir
    Path directory;

    private final UnsafeBuffer message = new UnsafeBuffer(new byte[300]);

    @Test
    void shouldReadEveryMessageFromAnyNumberAcrossDocumentsAndReopening()
    {
        try (FeedStore store = FeedStore.open(directory))
        {
            for (int n = 1; n <= 1_000; n++)
            {
                assertEquals(n, store.append(message(n), 0, length(n)));
                if (n % 37 == 0)
                {
                    store.flush();
                }
            }
        }
        try (FeedStore store = FeedStore.open(directory); StoredStream.Cursor cursor = store.cursor())
        {
            assertEquals(1_001, store.nextSequence());
            for (final long from : new long[] {1, 37, 38, 500, 999, 1_000, 2})
            {
                assertTrue(cursor.seek(from));
                for (long n = from; n <= Math.min(1_000, from + 80); n++)
                {
                    assertEquals(n, cursor.sequence());
                    assertEquals(length(n), cursor.read(message, 0, 300), "message " + n);
                    assertEquals((byte)n, message.getByte(length(n) - 1));
                }
            }
            assertFalse(cursor.seek(1_001), "not stored");
            assertFalse(cursor.seek(0));
        }
    }

    @Test
    void shouldShowOnlyWhatIsWritten()
    {
        try (FeedStore store = FeedStore.open(directory); StoredStream.Cursor cursor = store.cursor())
        {
            store.append(message(1), 0, length(1));
            assertEquals(2, store.nextSequence());
            assertFalse(cursor.seek(1), "gathered, not yet written");
            store.flush();
            assertTrue(cursor.seek(1));
            assertEquals(length(1), cursor.read(message, 0, 300));
            assertEquals(-1, cursor.read(message, 0, 300), "nothing after it");
            store.append(message(2), 0, length(2));
            store.flush();
            assertEquals(length(2), cursor.read(message, 0, 300), "the next document, read on");
        }
    }

    private UnsafeBuffer message(final long n)
    {
        message.setMemory(0, 300, (byte)0);
        message.putByte(length(n) - 1, (byte)n);
        return message;
    }

    private static int length(final long n)
    {
        return 20 + (int)(n % 200);
    }
}
