package dev.exengine.gateway.feed;

import dev.exengine.core.event.Event;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.EventHistory;
import dev.exengine.gateway.GatewayMetrics;
import dev.exengine.gateway.connection.Connection;
import dev.exengine.gateway.connection.Connections;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.gateway.stream.StoredStream;
import dev.exengine.gateway.user.User;
import dev.exengine.marketdata.FeedBuilder;
import dev.exengine.protocol.feed.FeedEncoder;
import dev.exengine.protocol.feed.FeedSession;
import dev.exengine.protocol.feed.sbe.InstrumentStateDecoder;
import dev.exengine.protocol.feed.sbe.MessageHeaderDecoder;
import dev.exengine.protocol.feed.sbe.OrderAddedDecoder;
import dev.exengine.protocol.feed.sbe.OrderDeletedDecoder;
import dev.exengine.protocol.feed.sbe.OrderExecutedDecoder;
import dev.exengine.protocol.feed.sbe.OrderReducedDecoder;
import dev.exengine.protocol.feed.sbe.OrderReplacedDecoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The feed on the market-data thread: the engine's events arrive through the {@link FeedRelay} and a ring, the
 * {@link FeedBuilder} derives the feed's messages from them, each is stored ({@link FeedStore}, written once per
 * drain; a subscriber is served from any number, across restarts) and sent to the subscribers that are caught up.
 * Those behind (they joined from an older number, or their socket did not take a message when it came) are served
 * from the store, a batch at a time, as their send buffers drain, and disconnected once they fell
 * {@link FeedConfig#maxLagMessages()} further behind than they have been ({@link Subscriber#fellBehind}). A subscriber
 * that joins with sequence 0 first gets a snapshot of every book ({@link FeedSnapshot}); a price-level subscriber gets
 * the {@link PriceLevelsView} instead of the feed.
 *
 * <p>The feed is a function of the journal, so what a run stored needs no mark beside it: at start ({@link #open})
 * the books are restored from the stored messages of every command before the newest stored message's, and the
 * journal's events from that command on are derived again, each message numbered as it was and appended only when
 * it is not stored yet. Every message carries its command's journal sequence, which is how the newest command is
 * found; exactly once follows from the derivation being deterministic.
 *
 * <p>Owned by the market-data thread (the store's appender belongs to it). Allocates nothing per message after
 * warm-up; a login, a snapshot and a new instrument allocate.
 */
final class FeedStream implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(FeedStream.class.getName());
    /** Where every sequenced feed message holds its command's journal sequence. */
    private static final int JOURNAL_SEQUENCE_OFFSET = MessageHeaderDecoder.ENCODED_LENGTH;

    private final FeedConfig config;
    private final GatewayMetrics metrics;
    private final Connections connections;
    private final OneToOneRingBuffer events;
    private final FeedRelay relay;
    private final FeedBuilder builder = new FeedBuilder(this::onFeedMessage);
    private final FeedEncoder encoder = new FeedEncoder();
    private final PriceLevelsView levels;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final Event event = new Event();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final int maxMessageLength;
    /** Kept in a field, so that a drain allocates nothing. */
    private final MessageHandler ringHandler = this::onRingMessage;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[FeedEncoder.MAX_MESSAGE_LENGTH]);
    private FeedStore store;
    /** Messages the builder derived: the feed sequence of the last one. */
    private long derived;
    /** {@link #derived} for other threads, as of the end of the last drain. */
    private volatile long published;
    /** At start: the messages stored by an earlier run, derived again but not appended again. */
    private long storedBefore;
    private long nowMillis;
    private long nextLevelsMillis;
    private FeedSnapshot snapshot;
    /** Read by other threads; written on the market-data thread. */
    private volatile String sessionId = "";

    FeedStream(
        final FeedConfig config, final GatewayMetrics metrics, final Connections connections, final Runnable wakeServer)
    {
        this.config = config;
        this.metrics = metrics;
        this.connections = connections;
        this.maxMessageLength = config.port().maxPacketLength() - 1;
        this.levels = new PriceLevelsView(config.priceLevels());
        this.events = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(config.port().eventRingBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
        this.relay = new FeedRelay(events, wakeServer);
    }

    EngineOutput engineOutput()
    {
        return relay;
    }

    /**
     * The feed's SoupBinTCP session id: the base-36 engine time, in milliseconds, of the feed's first message, so that
     * every node holding the journal names the feed alike (and a feed of another journal differently); blank while
     * the feed is empty.
     */
    String sessionId()
    {
        return sessionId;
    }

    /** The feed sequence of the last message derived and stored, as of the last drain; safe from any thread. */
    long lastSequence()
    {
        return published;
    }

    /**
     * Opens the stored feed, restores the books from it and appends what the journal's commands up to
     * {@code recoveredThrough} derive beyond it.
     *
     * @throws IllegalStateException when the stored feed does not fit the books or the journal cannot be replayed.
     */
    void open(final EventHistory history, final long recoveredThrough)
    {
        final Path directory = config.port().dataDirectory();
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + directory, ex);
        }
        store = FeedStore.open(directory.resolve("feed"));
        final long stored = store.nextSequence() - 1;
        final long start = System.nanoTime();
        long newestCommand = 0;
        try (StoredStream.Cursor cursor = store.cursor())
        {
            long complete = stored;
            if (stored > 0)
            {
                sessionId = sessionIdOf(cursor);
                newestCommand = journalSequenceAt(cursor, stored);
                while (complete > 0 && journalSequenceAt(cursor, complete) == newestCommand)
                {
                    complete--;
                }
            }
            if (newestCommand > recoveredThrough)
            {
                // A memory-mode engine lost its journal's tail, or the journal was replaced: nothing to derive.
                LOG.log(System.Logger.Level.WARNING, "the stored feed goes to journal sequence " + newestCommand +
                    " but the engine recovered only to " + recoveredThrough + "; the feed goes on after its end");
                complete = stored;
                newestCommand = recoveredThrough + 1;
            }
            restore(cursor, complete);
            derived = complete;
        }
        storedBefore = stored;
        // From the newest stored message's command on: what of it is stored is derived again, not appended again.
        final long after = Math.max(0, newestCommand - 1);
        if (after < recoveredThrough)
        {
            history.replay(after, recoveredThrough, new CatchUp());
            store.flush();
        }
        if (derived < stored)
        {
            throw new IllegalStateException("the journal derives " + derived + " feed messages where " + stored +
                " are stored: the stored feed is not this journal's");
        }
        published = derived;
        final long appended = derived - stored;
        LOG.log(System.Logger.Level.INFO, () -> String.format("market-data feed: %d messages stored, %d more " +
            "derived from the journal up to sequence %d, in %.3f s", stored, appended, recoveredThrough,
            (System.nanoTime() - start) / 1e9));
    }

    /**
     * Derives, stores and sends the feed of up to {@code limit} events the engine handed over.
     *
     * @return how many were read.
     */
    int drainEvents(final int limit, final long nowMillis)
    {
        this.nowMillis = nowMillis;
        final int read = events.read(ringHandler, limit);
        store.flush();
        published = derived;
        return read;
    }

    boolean hasEvents()
    {
        return events.size() > 0;
    }

    /**
     * Logs a connection in as a subscriber and queues Login Accepted.
     *
     * @param user              null for an anonymous one.
     * @param requestedSession  blank or the feed's id for the feed; {@link FeedSession#PRICE_LEVELS} for the levels.
     * @param requestedSequence 0 for a snapshot, then the feed after it; else the first message wanted (past the end:
     *                          the end, as SoupBinTCP says).
     */
    void subscribe(
        final Connection connection, final User user, final String requestedSession, final long requestedSequence,
        final long clientTimeoutMillis, final long nowMillis)
    {
        final long next = store.nextSequence();
        if (FeedSession.PRICE_LEVELS.equals(requestedSession))
        {
            connection.loginAccepted(user, store, FeedSession.PRICE_LEVELS, next, clientTimeoutMillis, null,
                nowMillis);
            subscribers.add(new Subscriber(connection, true, null));
            return;
        }
        final FeedSnapshot joining = requestedSequence == FeedSession.SNAPSHOT ? snapshot(nowMillis) : null;
        final long start = joining != null ? joining.feedSequence() + 1 : Math.min(requestedSequence, next);
        connection.loginAccepted(user, store, sessionId, start, clientTimeoutMillis, null, nowMillis);
        subscribers.add(new Subscriber(connection, false, joining));
    }

    /** The connection ended: it gets nothing more. */
    void unsubscribe(final Connection connection)
    {
        for (int i = subscribers.size() - 1; i >= 0; i--)
        {
            if (subscribers.get(i).connection() == connection)
            {
                subscribers.remove(i);
                return;
            }
        }
    }

    /**
     * Serves what is owed besides the live feed: the rest of their snapshots, the stored messages of those behind (a
     * batch each, so that none starves the others), the price levels once a period; and disconnects those that stopped
     * keeping up.
     *
     * @return how many subscribers were served.
     */
    int serve(final long nowMillis)
    {
        this.nowMillis = nowMillis;
        if (nowMillis >= nextLevelsMillis)
        {
            nextLevelsMillis = nowMillis + config.priceLevelsIntervalMillis();
            levels.publish(builder.books(), derived, builder.timestamp());
        }
        int served = 0;
        for (int i = subscribers.size() - 1; i >= 0; i--)
        {
            final Subscriber subscriber = subscribers.get(i);
            final Connection connection = subscriber.connection();
            if (connection.isClosing())
            {
                continue;
            }
            if (subscriber.priceLevels())
            {
                served += levels.offer(subscriber, nowMillis) > 0 ? 1 : 0;
            }
            else if (subscriber.fellBehind(store.nextSequence() - connection.nextSequence(), config.maxLagMessages()))
            {
                connections.disconnect(connection, DisconnectReason.SLOW_CONSUMER, "fell more than " + config.maxLagMessages() +
                    " feed messages behind", nowMillis);
                served++;
            }
            else if (subscriber.snapshot() != null)
            {
                served += subscriber.sendSnapshot(nowMillis) ? 1 : 0;
            }
            else if (connection.isBehind())
            {
                served += connection.replay(config.port().replayBatchMessages(), maxMessageLength, nowMillis) > 0 ?
                    1 : 0;
            }
        }
        return served;
    }

    /** At shutdown: derives and stores everything still in the ring (the engine has delivered its last events). */
    void drainAtClose(final long nowMillis)
    {
        this.nowMillis = nowMillis;
        for (int read = events.read(ringHandler); read > 0; read = events.read(ringHandler))
        {
            // Each read stops at the end of the ring's buffer: a backlog that wraps around takes two.
        }
        store.flush();
        published = derived;
    }

    /** Stops taking the engine's events and closes the store. */
    @Override
    public void close()
    {
        // Never leave the engine's thread waiting for room in a ring that nobody reads any more.
        relay.close();
        if (store != null)
        {
            store.close();
            store = null;
        }
    }

    private void onRingMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        builder.onEvent(EventRecord.read(buffer, index, event));
    }

    /** A message the builder derived: stored (unless an earlier run did) and sent to those caught up. */
    private void onFeedMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        final long sequence = ++derived;
        levels.touched(instrumentOf(buffer, offset));
        if (sequence <= storedBefore)
        {
            return;
        }
        if (store.append(buffer, offset, length) != sequence)
        {
            throw new IllegalStateException("feed message " + sequence + " stored under another number");
        }
        if (sequence == 1)
        {
            sessionId = sessionIdOf(buffer, offset);
        }
        for (int i = subscribers.size() - 1; i >= 0; i--)
        {
            final Subscriber subscriber = subscribers.get(i);
            if (subscriber.priceLevels() || subscriber.snapshot() != null)
            {
                continue;
            }
            final Connection connection = subscriber.connection();
            try
            {
                // One that cannot take it now falls behind, and is served from the store as its socket drains.
                connection.offerLive(sequence, buffer, offset, length, nowMillis);
            }
            catch (final IOException ex)
            {
                connections.end(connection, DisconnectReason.IO_ERROR, "write failed: " + ex.getMessage());
            }
        }
    }

    /** The shared snapshot of the books now, made anew when the feed moved and the last one is too old. */
    private FeedSnapshot snapshot(final long nowMillis)
    {
        if (snapshot == null || snapshot.feedSequence() != derived &&
            nowMillis - snapshot.madeAtMillis() >= config.snapshotMaxAgeMillis())
        {
            snapshot = FeedSnapshot.of(builder.books(), derived, builder.journalSequence(), builder.timestamp(),
                encoder, nowMillis);
        }
        return snapshot;
    }

    private void restore(final StoredStream.Cursor cursor, final long through)
    {
        if (through == 0)
        {
            return;
        }
        if (!cursor.seek(1))
        {
            throw new IllegalStateException("the stored feed has no message 1");
        }
        for (long sequence = 1; sequence <= through; sequence++)
        {
            builder.restore(scratch, 0, read(cursor));
            levels.touched(instrumentOf(scratch, 0));
        }
    }

    private long journalSequenceAt(final StoredStream.Cursor cursor, final long sequence)
    {
        if (!cursor.seek(sequence))
        {
            throw new IllegalStateException("the stored feed has no message " + sequence);
        }
        read(cursor);
        return scratch.getLong(JOURNAL_SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    private String sessionIdOf(final StoredStream.Cursor cursor)
    {
        if (!cursor.seek(1))
        {
            throw new IllegalStateException("the stored feed has no message 1");
        }
        read(cursor);
        return sessionIdOf(scratch, 0);
    }

    /** From the feed's first message: its engine timestamp (nanoseconds) in milliseconds, base 36, upper case. */
    private static String sessionIdOf(final DirectBuffer message, final int offset)
    {
        final long timestamp = message.getLong(offset + JOURNAL_SEQUENCE_OFFSET + Long.BYTES, ByteOrder.LITTLE_ENDIAN);
        return Long.toString(timestamp / 1_000_000, 36).toUpperCase();
    }

    private int read(final StoredStream.Cursor cursor)
    {
        final int length = cursor.read(scratch, 0, scratch.capacity());
        if (length < 0)
        {
            throw new IllegalStateException("cannot read stored feed message " + cursor.sequence());
        }
        return length;
    }

    /** The instrument a sequenced feed message is about. */
    private int instrumentOf(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        final int field = switch (header.templateId())
        {
            case InstrumentStateDecoder.TEMPLATE_ID -> InstrumentStateDecoder.instrumentIdEncodingOffset();
            case OrderAddedDecoder.TEMPLATE_ID -> OrderAddedDecoder.instrumentIdEncodingOffset();
            case OrderExecutedDecoder.TEMPLATE_ID -> OrderExecutedDecoder.instrumentIdEncodingOffset();
            case OrderDeletedDecoder.TEMPLATE_ID -> OrderDeletedDecoder.instrumentIdEncodingOffset();
            case OrderReducedDecoder.TEMPLATE_ID -> OrderReducedDecoder.instrumentIdEncodingOffset();
            case OrderReplacedDecoder.TEMPLATE_ID -> OrderReplacedDecoder.instrumentIdEncodingOffset();
            default -> throw new IllegalStateException("template " + header.templateId() + " is not a feed message");
        };
        return buffer.getInt(offset + MessageHeaderDecoder.ENCODED_LENGTH + field, ByteOrder.LITTLE_ENDIAN);
    }

    /** The journal's events at start, into the builder (and so into the store beyond what it holds). */
    private final class CatchUp implements EngineOutput
    {
        @Override
        public void onEvent(final Event event, final long origin)
        {
            builder.onEvent(event);
        }
    }
}
