package dev.exengine.gateway.feed;

import dev.exengine.core.event.Event;
import dev.exengine.core.port.EngineOutput;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The market-data feed's {@link EngineOutput}, on the engine's output thread: copies each event the feed derives
 * anything from ({@link EventRecord}) into a single-producer ring to the market-data thread, which derives, stores and
 * sends the feed. This thread does nothing else: no derivation, no file, no socket, so that the feed costs the engine
 * one copy per event.
 *
 * <p>The market-data thread reads the ring whatever its subscribers do (a slow one is served from the stored feed or
 * disconnected, never waited for), so the ring fills only when that thread as a whole falls behind the engine; this
 * thread then waits for room rather than leave a hole in the feed. Allocates nothing.
 */
final class FeedRelay implements EngineOutput
{
    /** Ring message type of an {@link EventRecord}. */
    static final int EVENT = 1;

    private final RingBuffer ring;
    private final Runnable wakeServer;
    /** Something went into the ring since the server was last woken. */
    private boolean wrote;
    private volatile boolean closed;

    FeedRelay(final RingBuffer ring, final Runnable wakeServer)
    {
        this.ring = ring;
        this.wakeServer = wakeServer;
    }

    @Override
    public void onEvent(final Event event, final long origin)
    {
        if (closed || !EventRecord.isPublic(event.type()))
        {
            return;
        }
        int index;
        while ((index = ring.tryClaim(EVENT, EventRecord.LENGTH)) <= 0)
        {
            wakeServer.run();
            if (closed)
            {
                return;
            }
            Thread.yield();
        }
        EventRecord.write(event, ring.buffer(), index);
        ring.commit(index);
        wrote = true;
    }

    @Override
    public void onBatchEnd()
    {
        if (wrote)
        {
            wrote = false;
            wakeServer.run();
        }
    }

    /** After this, events are dropped: the server no longer runs. */
    void close()
    {
        closed = true;
    }
}
