package dev.exengine.gateway.stream;

import dev.exengine.core.event.Event;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.gateway.user.UserDirectory;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The gateway's {@link EngineOutput}, on the engine's output thread: routes each event ({@link EventRouter}) and
 * encodes its messages in place in a single-producer ring to the gateway's thread (claim, encode, commit; message type
 * = the recipient's user index, with {@link #OUT_OF_STREAM} set for a message that goes out as Unsequenced Data). The
 * gateway's thread persists and sends; this thread never touches a socket or a file.
 *
 * <p>Completion marks: the engine delivers the events of one command together and commands in journal order, so
 * once an event of a later command arrives, every event of the earlier ones has been routed. At the end of each
 * delivery batch this writes a {@link #COMPLETE} message carrying the highest such sequence; the gateway's thread,
 * reading the ring in order, has stored everything before it and advances the persisted "routed through" mark. The
 * command of the last event seen is not marked: more of its events may still come (a delivery batch may end inside
 * a command).
 *
 * <p>When the ring is full the gateway's thread is behind as a whole (not one slow client: those are disconnected);
 * this thread then waits for room rather than drop a message a client is owed. When the engine runs on the gateway's
 * own thread (hosted), nobody else would make room: that thread stores and sends what the ring holds, then goes on.
 * Allocates nothing.
 */
final class EventRelay implements EngineOutput, EventRouter.MessageDestination
{
    /** Ring message type of a completion mark: 8 bytes, the journal sequence through which all is routed. */
    static final int COMPLETE = Integer.MAX_VALUE;
    /** Set in a message's type when it goes to the user's sessions outside the stream: never stored. */
    static final int OUT_OF_STREAM = 1 << 29;

    private final EventRouter router;
    private final RingBuffer ring;
    private final Runnable wakeServer;
    private final BooleanSupplier drainHere;
    private final UnsafeBuffer markBuffer = new UnsafeBuffer(new byte[Long.BYTES]);
    /** Journal sequence of the last event seen; read by the gateway's thread once the engine has closed. */
    private final AtomicLong lastSequence = new AtomicLong();
    private long complete;
    private long completePublished;
    /** Something went into the ring since the server was last woken. */
    private boolean wrote;
    private volatile boolean closed;

    /**
     * @param drainHere when the ring is full: drains it on this thread if this thread is the gateway's (a hosted
     *                  engine), and says whether it did; otherwise this thread wakes the gateway's and waits.
     */
    EventRelay(final UserDirectory users, final boolean queryAnswersInStream, final RingBuffer ring,
        final Runnable wakeServer, final BooleanSupplier drainHere)
    {
        this.drainHere = drainHere;
        this.router = new EventRouter(users, queryAnswersInStream);
        this.ring = ring;
        this.wakeServer = wakeServer;
    }

    @Override
    public void onEvent(final Event event, final long origin)
    {
        if (closed)
        {
            return;
        }
        final long sequence = event.sequence();
        final long previous = lastSequence.get();
        if (sequence > previous)
        {
            complete = previous;
            lastSequence.lazySet(sequence);
        }
        router.route(event, origin, this);
    }

    @Override
    public void onBatchEnd()
    {
        if (closed)
        {
            return;
        }
        if (complete > completePublished)
        {
            markBuffer.putLong(0, complete);
            write(COMPLETE, markBuffer, 0, Long.BYTES);
            completePublished = complete;
        }
        if (wrote)
        {
            // Only when the ring got something: a batch whose commands owed no one a message wakes no one.
            wrote = false;
            wakeServer.run();
        }
    }

    /** The journal sequence of the last event received; complete only once the engine has closed normally. */
    long lastSequence()
    {
        return lastSequence.get();
    }

    /** After this, events are dropped: the server no longer runs. */
    void close()
    {
        closed = true;
    }

    /** Claims room in the ring for a message to the user, waiting while the ring is full; negative once closed. */
    @Override
    public int claim(final int userIndex, final int length, final boolean inStream)
    {
        final int type = inStream ? userIndex : userIndex | OUT_OF_STREAM;
        int index;
        while ((index = ring.tryClaim(type, length)) <= 0)
        {
            if (closed)
            {
                return -1;
            }
            waitForRoom();
        }
        return index;
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return ring.buffer();
    }

    @Override
    public void commit(final int index, final int userIndex, final int length)
    {
        ring.commit(index);
        wrote = true;
    }

    @Override
    public void abort(final int index)
    {
        ring.abort(index);
    }

    private void waitForRoom()
    {
        if (!drainHere.getAsBoolean())
        {
            wakeServer.run();
            Thread.yield();
        }
    }

    private void write(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        wrote = true;
        while (!ring.write(type, buffer, offset, length))
        {
            if (closed)
            {
                return;
            }
            waitForRoom();
        }
    }
}
