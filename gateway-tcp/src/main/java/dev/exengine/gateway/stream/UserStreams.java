package dev.exengine.gateway.stream;

import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.EventHistory;
import dev.exengine.gateway.GatewayAudit;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.GatewayMetrics;
import dev.exengine.gateway.connection.Connection;
import dev.exengine.gateway.connection.Connections;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.gateway.user.User;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.storage.DataDirectory;
import dev.exengine.storage.PretouchThread;
import dev.exengine.storage.QueuePretouch;
import dev.exengine.storage.SequenceMark;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every user's sequenced stream: stored ({@link OutboundStore}, one per user, so that a client replays it from any
 * sequence number, across restarts), fanned out to the user's logged-in connections that are caught up, and replayed,
 * a batch at a time, to those that are behind. The engine's events arrive on its thread through the
 * {@link EventRelay} and a ring; the gateway's thread drains the ring into the stores. The routed-through mark
 * ({@link SequenceMark}) records how far the stores hold everything the journal's commands owe the users, and at start
 * {@link StreamCatchUp} derives from the journal what they may lack.
 *
 * <p>Owned by the gateway's thread (Chronicle appenders belong to a thread: the stores are opened, caught up and
 * written on it). Allocates nothing per message after warm-up.
 */
public final class UserStreams implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(UserStreams.class.getName());
    /** The streams' pre-touch thread ({@link GatewayConfig#streamPretouchAhead}). */
    public static final String PRETOUCH_THREAD_NAME = "exengine-stream-pretouch";

    private final GatewayConfig config;
    private final UserDirectory users;
    private final GatewayMetrics metrics;
    private final GatewayAudit audit;
    private final Connections connections;
    private final OneToOneRingBuffer events;
    private final EventRelay relay;
    private final OutboundStore[] stores;
    /** Per user: the connections logged in as that user. */
    private final List<List<Connection>> live = new ArrayList<>();
    private final int maxMessageLength;
    /** Kept in a field, so that a drain allocates nothing; its input is set before each use. */
    private final MessageHandler ringHandler = this::onRingMessage;
    private long drainMillis;
    /** The gateway's thread, which opened the streams: the one that reads the ring. */
    private Thread owner;
    private SequenceMark routedThrough;
    /** Touches the open stores' files ahead of their ends; stopped before they close. */
    private PretouchThread pretouch;
    /** Read by other threads once open; written on the gateway's thread before its start returns. */
    private volatile String sessionId;

    /**
     * @param wakeGateway called on the engine's thread when it handed over events.
     */
    public UserStreams(
        final GatewayConfig config, final GatewayMetrics metrics, final GatewayAudit audit, final Connections connections,
        final Runnable wakeGateway)
    {
        this.config = config;
        this.users = config.users();
        this.metrics = metrics;
        this.audit = audit;
        this.connections = connections;
        this.maxMessageLength = config.maxPacketLength() - 1;
        this.events = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(config.eventRingBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
        this.relay = new EventRelay(users, config.unjournaledAnswersInStream(), events, wakeGateway,
            this::drainIfOwner);
        this.stores = new OutboundStore[users.size() + 1];
        for (int i = 0; i <= users.size(); i++)
        {
            live.add(new ArrayList<>());
        }
    }

    /** What the engine delivers its events to. */
    public EngineOutput engineOutput()
    {
        return relay;
    }

    /** The SoupBinTCP session id; null before {@link #open}. */
    public String sessionId()
    {
        return sessionId;
    }

    /**
     * Reads the session id, opens the stores and catches them up with the journal ({@link StreamCatchUp}); for a new
     * session ({@link GatewayConfig#newSession}) then archives them, complete, and opens the new session's.
     *
     * @param recoveredThrough the last journal sequence of the engine's recovered state.
     * @param wallMillis       now, for the id of a new session.
     */
    public void open(final EventHistory history, final long recoveredThrough, final long wallMillis)
    {
        owner = Thread.currentThread();
        final Path dataDirectory = config.dataDirectory();
        final Path interrupted = SessionArchive.finishInterrupted(dataDirectory);
        if (interrupted != null)
        {
            LOG.log(System.Logger.Level.WARNING, "finished archiving the session in " + interrupted +
                ", which an earlier start began");
        }
        sessionId = SessionId.loadOrCreate(dataDirectory, wallMillis);
        openStores();
        new StreamCatchUp(users, stores).run(history, recoveredThrough, routedThrough);
        if (config.newSession())
        {
            final String ended = sessionId;
            closeStores();
            final Path archive = SessionArchive.archive(dataDirectory);
            sessionId = SessionId.loadOrCreate(dataDirectory,
                Math.max(wallMillis, SessionId.createdMillis(ended) + 1));
            openStores();
            LOG.log(System.Logger.Level.INFO, "session " + ended + " ended (its streams are in " + archive +
                "); new session " + sessionId);
        }
        countStreams();
        startPretouch();
    }

    /**
     * Takes on a SoupBinTCP session id: a standby's, its primary's. The streams derive from the same journal, so they
     * hold the same messages under the same sequence numbers. Safe from any thread.
     */
    public void adoptSession(final String id)
    {
        if (!id.equals(sessionId))
        {
            SessionId.replace(config.dataDirectory(), id);
            LOG.log(System.Logger.Level.INFO, "took on the primary's session " + id + " (was " + sessionId + ")");
            sessionId = id;
        }
    }

    /** The user's stream. */
    public OutboundStore store(final User user)
    {
        return stores[user.index()];
    }

    /** From now on the connection gets its user's live messages once it has caught up. */
    public void subscribe(final Connection connection)
    {
        live.get(connection.user().index()).add(connection);
    }

    /** The connection ended: it gets nothing more. */
    public void unsubscribe(final Connection connection)
    {
        if (connection.user() != null)
        {
            live.get(connection.user().index()).remove(connection);
        }
    }

    /**
     * Appends a message to the user's stream and sends it to the user's connections that are caught up; one that
     * cannot take it (the client stopped reading) is disconnected, and offered what was queued before within the close
     * timeout.
     *
     * @return the message's sequence number in the stream.
     */
    public long deliver(
        final int userIndex, final DirectBuffer buffer, final int offset, final int length, final long nowMillis)
    {
        final long sequence = stores[userIndex].append(buffer, offset, length);
        metrics.storedMessage(length, sequence);
        final List<Connection> receivers = live.get(userIndex);
        for (int i = receivers.size() - 1; i >= 0; i--)
        {
            final Connection connection = receivers.get(i);
            try
            {
                if (!connection.offerLive(sequence, buffer, offset, length, nowMillis))
                {
                    audit.slowConsumer(connection, nowMillis);
                    connections.disconnect(connection, DisconnectReason.SLOW_CONSUMER,
                        "send buffer full: client not reading", nowMillis);
                }
            }
            catch (final IOException ex)
            {
                connections.end(connection, DisconnectReason.IO_ERROR, "write failed: " + ex.getMessage());
            }
        }
        return sequence;
    }

    /**
     * Stores and fans out up to {@code limit} of the messages the engine handed over.
     *
     * @return how many were read.
     */
    public int drainEvents(final int limit, final long nowMillis)
    {
        drainMillis = nowMillis;
        return events.read(ringHandler, limit);
    }

    /**
     * For the relay when the ring is full: on the gateway's own thread (a hosted engine) nobody else would make room,
     * so this stores and sends what the ring holds now, at the time of the last drain.
     *
     * @return false on any other thread, which waits for the gateway's thread instead.
     */
    private boolean drainIfOwner()
    {
        if (Thread.currentThread() != owner)
        {
            return false;
        }
        events.read(ringHandler);
        return true;
    }

    /** @return true while the engine's messages wait in the ring. */
    public boolean hasEvents()
    {
        return events.size() > 0;
    }

    /**
     * Queues stored messages for the connections that are behind their stream, up to a batch each and as far as their
     * send buffers have room, so that a long replay does not starve the others.
     *
     * @return how many connections were behind.
     */
    public int replay(final List<Connection> connections, final long nowMillis)
    {
        int behind = 0;
        for (int i = connections.size() - 1; i >= 0; i--)
        {
            final Connection connection = connections.get(i);
            if (connection.isBehind() && !connection.isClosing())
            {
                behind++;
                connection.replay(config.replayBatchMessages(), maxMessageLength, nowMillis);
            }
        }
        return behind;
    }

    /**
     * At shutdown: stores everything still in the ring. When the engine closed normally, every event it will deliver
     * is in, so its last command is complete too and the routed-through mark covers it; a halted engine may have
     * stopped inside a command, whose rest the next start derives again.
     */
    public void drainAtClose(final boolean engineClosedNormally, final long nowMillis)
    {
        drainMillis = nowMillis;
        drainFully(events, ringHandler);
        if (engineClosedNormally)
        {
            routedThrough.advance(relay.lastSequence());
        }
    }

    /**
     * Reads every message in the ring. One {@code read} stops at the end of the ring's buffer: a backlog that wraps
     * around takes two.
     *
     * @return how many messages were read.
     */
    static long drainFully(final RingBuffer ring, final MessageHandler handler)
    {
        long total = 0;
        for (int read = ring.read(handler); read > 0; read = ring.read(handler))
        {
            total += read;
        }
        return total;
    }

    /** Stops taking the engine's events (they are not stored any more) and closes the stores. */
    @Override
    public void close()
    {
        // Never leave the engine's thread waiting for room in a ring that nobody reads any more.
        relay.close();
        closeStores();
    }

    private void onRingMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (type == EventRelay.COMPLETE)
        {
            routedThrough.advance(buffer.getLong(index));
        }
        else if ((type & EventRelay.OUT_OF_STREAM) != 0)
        {
            sendOutOfStream(type & ~EventRelay.OUT_OF_STREAM, buffer, index, length, drainMillis);
        }
        else
        {
            deliver(type, buffer, index, length, drainMillis);
        }
    }

    /** A message outside the stream (a query's answer on a replicated node): to each of the user's sessions, unstored. */
    private void sendOutOfStream(
        final int userIndex, final DirectBuffer buffer, final int offset, final int length, final long nowMillis)
    {
        final List<Connection> receivers = live.get(userIndex);
        for (int i = receivers.size() - 1; i >= 0; i--)
        {
            connections.sendUnsequenced(receivers.get(i), buffer, offset, length, nowMillis);
        }
    }

    /** The streams as they are now, opened and caught up: how many messages they hold, and the longest. */
    private void countStreams()
    {
        long messages = 0;
        long longest = 0;
        for (final OutboundStore store : stores)
        {
            if (store != null)
            {
                messages += store.nextSequence() - 1;
                longest = Math.max(longest, store.nextSequence() - 1);
            }
        }
        metrics.streamsOpened(messages, longest);
    }

    private void openStores()
    {
        final Path dataDirectory = config.dataDirectory();
        routedThrough = SequenceMark.open(dataDirectory.resolve(DataDirectory.ROUTED_THROUGH));
        final Path userRoot = dataDirectory.resolve(SessionArchive.USERS);
        for (final User user : users.users())
        {
            final Path directory = userRoot.resolve(user.name());
            try
            {
                Files.createDirectories(directory);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot create " + directory, ex);
            }
            stores[user.index()] = OutboundStore.open(directory);
        }
    }

    private void startPretouch()
    {
        final long ahead = config.streamPretouchAhead();
        if (ahead == 0)
        {
            return;
        }
        final List<QueuePretouch> queues = new ArrayList<>();
        for (final OutboundStore store : stores)
        {
            if (store != null)
            {
                queues.add(store.pretouch(ahead));
            }
        }
        pretouch = PretouchThread.start(PRETOUCH_THREAD_NAME, queues, PretouchThread.INTERVAL_NANOS);
    }

    private void closeStores()
    {
        if (pretouch != null)
        {
            pretouch.close();
            pretouch = null;
        }
        if (routedThrough != null)
        {
            routedThrough.close();
            routedThrough = null;
        }
        for (int i = 0; i < stores.length; i++)
        {
            if (stores[i] != null)
            {
                stores[i].close();
                stores[i] = null;
            }
        }
    }
}
