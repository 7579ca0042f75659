package dev.exengine.protocol.soupbin;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class ReadyKeysTest
{
    @Test
    void shouldHandEveryReadyKeyToTheHandlerAndKeepNoSelectedKeySet() throws IOException
    {
        try (Selector selector = Selector.open(); Readable first = new Readable(selector);
            Readable second = new Readable(selector))
        {
            final List<SelectionKey> handed = new ArrayList<>();
            final ReadyKeys keys = new ReadyKeys(selector, handed::add);
            assertEquals(0, keys.selectNow());
            first.send();
            second.send();

            assertEquals(2, keys.selectNow());
            assertEquals(2, handed.size());
            assertEquals(Set.of(first.key, second.key), Set.copyOf(handed));
            assertTrue(selector.selectedKeys().isEmpty());
            assertEquals(2, keys.selectNow(), "still ready until read: the selector reports them again");
        }
    }

    @Test
    void shouldThrowTheHandlersIOExceptionAsItWasThrownAndLetOtherFailuresThrough() throws IOException
    {
        try (Selector selector = Selector.open(); Readable readable = new Readable(selector))
        {
            readable.send();
            final IOException io = new IOException("read failed");
            assertSame(io, assertThrows(IOException.class, () -> new ReadyKeys(selector, key -> {
                throw io;
            }).selectNow()));
            final UncheckedIOException unchecked = new UncheckedIOException(new IOException("its own"));
            assertSame(unchecked, assertThrows(UncheckedIOException.class, () -> new ReadyKeys(selector, key -> {
                throw unchecked;
            }).selectNow()));
        }
    }

    /** A pipe whose source is registered for reading. */
    private static final class Readable implements AutoCloseable
    {
        final Pipe pipe = Pipe.open();
        final SelectionKey key;

        Readable(final Selector selector) throws IOException
        {
            pipe.source().configureBlocking(false);
            key = pipe.source().register(selector, SelectionKey.OP_READ);
        }

        void send() throws IOException
        {
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        }

        @Override
        public void close() throws IOException
        {
            pipe.sink().close();
            pipe.source().close();
        }
    }
}
