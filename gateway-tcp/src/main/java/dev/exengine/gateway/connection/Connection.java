package dev.exengine.gateway.connection;

import dev.exengine.gateway.intake.TokenBucket;
import dev.exengine.gateway.intake.WindowCount;
import dev.exengine.gateway.stream.StoredStream;
import dev.exengine.gateway.user.User;
import dev.exengine.protocol.soupbin.PacketReader;
import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One client connection and its SoupBinTCP session: state, timers, the receive side ({@link PacketReader}), a bounded
 * send buffer and the position in the user's sequenced stream. Owned by the gateway's thread; allocates nothing after
 * construction except at login (the store cursor).
 *
 * <p>Sending never blocks: packets are appended to the send buffer and {@link #flush()} writes what the socket takes.
 * A live message that does not fit even after the socket took what it could means the client stopped reading:
 * {@link #offerLive} says so and the server disconnects it. Replay only fills the room there is and continues when
 * the buffer drained.
 *
 * <p>A session the server ends goes {@link ConnectionState#CLOSING} ({@link #closing}): it gets nothing more, but what
 * was queued for it is still written, and then the server's side is shut ({@link #shutOutput()}, a FIN after the
 * data). Only then, or at the close timeout, does the socket close: closing a socket with input unread sends a reset,
 * which can destroy the answers the client has not read yet.
 */
public final class Connection
{
    /** The send buffer of a connection that has not logged in: room for Login Rejected, with margin. */
    static final int PRE_LOGIN_SEND_BYTES = 64;

    private final SocketChannel channel;
    private final String remoteAddress;
    private final PacketReader reader;
    /** Small until login: an unauthenticated connection never gets the full send buffer (see the constructor). */
    private ByteBuffer send;
    private final UnsafeBuffer sendView;
    private final int sendBufferBytes;
    private final long connectedAtMillis;
    /** Volatile for the password check thread, which skips the hash of a closed session's login. */
    private volatile ConnectionState state = ConnectionState.AWAITING_LOGIN;
    private User user;
    /** Set at Login Accepted, and kept while the session ends. */
    private boolean loggedIn;
    private StoredStream store;
    private StoredStream.Cursor cursor;
    private long nextSequence;
    private long lastReceivedMillis;
    private long lastSentMillis;
    private long clientTimeoutMillis;
    private TokenBucket tokens;
    private final WindowCount throttles = new WindowCount();
    private final WindowCount undecodable = new WindowCount();
    /** When a CLOSING connection's socket closes, whatever is left. */
    private long closeDeadlineMillis;
    private boolean outputShut;
    /**
     * Whether {@link #offerLive} may write to the socket itself when the buffer is full: not again after such a write
     * left bytes behind (the socket is full too), until the server's own {@link #flush()}.
     */
    private boolean earlyFlushAllowed = true;
    private String closeReason;
    /** The user name of the connection's Login Request, for the audit log; empty before one. */
    private String requestedUser = "";

    public Connection(
        final SocketChannel channel, final String remoteAddress, final int maxPacketLength, final int sendBufferBytes,
        final long nowMillis)
    {
        this.channel = channel;
        this.remoteAddress = remoteAddress;
        this.reader = new PacketReader(maxPacketLength);
        // Before login only Login Rejected can be sent: the send buffer grows to its configured size at Login
        // Accepted, so that connections that never log in cost little memory each.
        this.send = ByteBuffer.allocateDirect(PRE_LOGIN_SEND_BYTES);
        this.sendView = new UnsafeBuffer(send);
        this.sendBufferBytes = sendBufferBytes;
        this.connectedAtMillis = nowMillis;
        this.lastReceivedMillis = nowMillis;
        this.lastSentMillis = nowMillis;
    }

    public SocketChannel channel()
    {
        return channel;
    }

    public String remoteAddress()
    {
        return remoteAddress;
    }

    public PacketReader reader()
    {
        return reader;
    }

    public ConnectionState state()
    {
        return state;
    }

    public User user()
    {
        return user;
    }

    public TokenBucket tokens()
    {
        return tokens;
    }

    /** When the connection was accepted, on the gateway's clock. */
    long connectedAtMillis()
    {
        return connectedAtMillis;
    }

    /** Why the session ended, for the log; null while it lives. */
    public String closeReason()
    {
        return closeReason;
    }

    /** The user name the connection's Login Request asked for; empty before one came. */
    public String requestedUser()
    {
        return requestedUser;
    }

    public void requestedUser(final String name)
    {
        requestedUser = name;
    }

    public void authenticating()
    {
        state = ConnectionState.AUTHENTICATING;
    }

    /**
     * Logs the session in: queues Login Accepted and positions it in the user's stream.
     *
     * @param nextSequence   the first sequence number to send (the store's next one for "only new messages").
     * @param clientTimeoutMillis silence after which the client is considered gone.
     */
    public void loginAccepted(
        final User user, final StoredStream store, final String sessionId, final long nextSequence,
        final long clientTimeoutMillis, final TokenBucket tokens, final long nowMillis)
    {
        // Nothing is queued yet: before login only Login Rejected is ever sent, and it ends the session.
        send = ByteBuffer.allocateDirect(sendBufferBytes);
        sendView.wrap(send);
        this.user = user;
        this.store = store;
        this.cursor = store.cursor();
        this.nextSequence = nextSequence;
        this.clientTimeoutMillis = clientTimeoutMillis;
        this.tokens = tokens;
        this.throttles.reset();
        this.undecodable.reset();
        this.loggedIn = true;
        this.state = ConnectionState.ACTIVE;
        final int length = PacketWriter.loginAccepted(sendView, send.position(), sessionId, nextSequence);
        advance(length, nowMillis);
    }

    /** Queues Login Rejected; the server then ends the session ({@link Connections#disconnect}). */
    public void loginRejected(final byte reason, final long nowMillis)
    {
        if (send.remaining() >= SoupBinTcp.HEADER_SIZE + SoupBinTcp.LOGIN_REJECTED_LENGTH)
        {
            advance(PacketWriter.loginRejected(sendView, send.position(), reason), nowMillis);
        }
    }

    public void received(final long nowMillis)
    {
        lastReceivedMillis = nowMillis;
    }

    /**
     * Sends the live message with sequence number {@code sequence} if this session is exactly there. When the send
     * buffer is full, the socket is offered its content first: a client that reads is not cut off for what one turn of
     * the server produced for it, only one whose socket buffers are full as well. Once such a write leaves bytes
     * behind, the next waits for the server's flush, so a client reading just fast enough does not cost a write and
     * a compaction per message.
     *
     * @return false when the session is caught up but the message does not fit: a slow consumer.
     * @throws IOException when that early write fails: the connection broke.
     */
    public boolean offerLive(final long sequence, final DirectBuffer payload, final int offset, final int length,
        final long nowMillis) throws IOException
    {
        if (state != ConnectionState.ACTIVE || sequence != nextSequence)
        {
            return true;
        }
        if (!room(SoupBinTcp.HEADER_SIZE + length))
        {
            return false;
        }
        advance(PacketWriter.data(sendView, send.position(), SoupBinTcp.SEQUENCED_DATA, payload, offset, length),
            nowMillis);
        nextSequence++;
        return true;
    }

    /**
     * Sends a message outside the user's sequenced stream, to this session only, as Unsequenced Data: an answer that is
     * never stored nor replayed (a ProtocolReject). It goes out among the sequenced messages in the order it was
     * queued, also while the session is replaying; room is made as for {@link #offerLive}.
     *
     * @return false when it does not fit: a slow consumer. Nothing is sent to a session that is ending.
     * @throws IOException when the early write fails: the connection broke.
     */
    public boolean offerUnsequenced(final DirectBuffer payload, final int offset, final int length,
        final long nowMillis) throws IOException
    {
        if (state != ConnectionState.ACTIVE)
        {
            return true;
        }
        if (!room(SoupBinTcp.HEADER_SIZE + length))
        {
            return false;
        }
        advance(PacketWriter.data(sendView, send.position(), SoupBinTcp.UNSEQUENCED_DATA, payload, offset, length),
            nowMillis);
        return true;
    }

    /** The sequence number of the next message this session gets. */
    public long nextSequence()
    {
        return nextSequence;
    }

    /**
     * Queues whole packets framed elsewhere (the market-data feed's snapshots and price levels, which are no part of
     * the sequenced stream).
     *
     * @return false, queueing nothing, when the session is not active or they do not fit the send buffer's room.
     */
    public boolean offerFramed(final DirectBuffer packets, final int offset, final int length, final long nowMillis)
    {
        if (state != ConnectionState.ACTIVE || send.remaining() < length)
        {
            return false;
        }
        sendView.putBytes(send.position(), packets, offset, length);
        advance(length, nowMillis);
        return true;
    }

    /** @return the bytes the send buffer can take now. */
    public int sendRoom()
    {
        return send.remaining();
    }

    /** @return true while stored messages wait for this session. */
    public boolean isBehind()
    {
        return state == ConnectionState.ACTIVE && nextSequence < store.nextSequence();
    }

    /**
     * Replays up to {@code maxMessages} stored messages while the send buffer has room for a message of the largest
     * size.
     *
     * @return how many were queued.
     */
    public int replay(final int maxMessages, final int maxMessageLength, final long nowMillis)
    {
        int count = 0;
        while (count < maxMessages && isBehind() && send.remaining() >= SoupBinTcp.HEADER_SIZE + maxMessageLength)
        {
            if (!cursor.seek(nextSequence))
            {
                break;
            }
            final int position = send.position();
            final int length = cursor.read(sendView, position + SoupBinTcp.HEADER_SIZE, maxMessageLength);
            if (length < 0)
            {
                break;
            }
            PacketWriter.header(sendView, position, SoupBinTcp.SEQUENCED_DATA, length);
            advance(SoupBinTcp.HEADER_SIZE + length, nowMillis);
            nextSequence++;
            count++;
        }
        return count;
    }

    /** Queues a packet without payload (heartbeat). @return false when there was no room. */
    public boolean sendEmpty(final byte type, final long nowMillis)
    {
        if (send.remaining() < SoupBinTcp.HEADER_SIZE)
        {
            return false;
        }
        advance(PacketWriter.empty(sendView, send.position(), type), nowMillis);
        return true;
    }

    /** @return true when nothing went out for {@code intervalMillis} and a heartbeat is due. */
    public boolean heartbeatDue(final long nowMillis, final long intervalMillis)
    {
        return state == ConnectionState.ACTIVE && nowMillis - lastSentMillis >= intervalMillis;
    }

    /** @return why the session timed out, or null. */
    public String timedOut(final long nowMillis, final long loginTimeoutMillis)
    {
        if (isLoggingIn() &&
            nowMillis - connectedAtMillis >= loginTimeoutMillis)
        {
            return "no login within " + loginTimeoutMillis + " ms";
        }
        if (state == ConnectionState.ACTIVE && nowMillis - lastReceivedMillis >= clientTimeoutMillis)
        {
            return "client silent for " + clientTimeoutMillis + " ms";
        }
        return null;
    }

    /**
     * Counts a throttled command.
     *
     * @return true when the session exceeded {@code maxThrottles} within {@code windowMillis}: abuse.
     */
    public boolean throttled(final long nowMillis, final int maxThrottles, final long windowMillis)
    {
        return throttles.exceeds(nowMillis, maxThrottles, windowMillis);
    }

    /**
     * Counts a message that could not be decoded.
     *
     * @return true when the session exceeded {@code maxUndecodable} within {@code windowMillis}: it keeps sending junk.
     */
    public boolean undecodable(final long nowMillis, final int maxUndecodable, final long windowMillis)
    {
        return undecodable.exceeds(nowMillis, maxUndecodable, windowMillis);
    }

    /** @return the send buffer's size: small until Login Accepted, then the configured one. */
    int sendCapacity()
    {
        return send.capacity();
    }

    /** @return bytes queued and not yet written to the socket. */
    public int pendingBytes()
    {
        return send.position();
    }

    /**
     * Writes what the socket takes.
     *
     * @return true when everything queued was written.
     */
    public boolean flush() throws IOException
    {
        earlyFlushAllowed = true;
        return write();
    }

    private boolean write() throws IOException
    {
        if (send.position() == 0)
        {
            return true;
        }
        send.flip();
        try
        {
            channel.write(send);
        }
        finally
        {
            send.compact();
        }
        return send.position() == 0;
    }

    /**
     * The server ends the session: it gets nothing more, what is queued is still written. Once the peer has closed
     * too, or at {@code deadlineMillis}, the socket closes. No effect once closing.
     */
    void closing(final String reason, final long deadlineMillis)
    {
        if (!isClosing())
        {
            state = ConnectionState.CLOSING;
            closeReason = reason;
            closeDeadlineMillis = deadlineMillis;
        }
    }

    /** @return true when a CLOSING connection's time to write and to see the client close is up. */
    boolean closeDue(final long nowMillis)
    {
        return state == ConnectionState.CLOSING && nowMillis >= closeDeadlineMillis;
    }

    /** @return true when a CLOSING connection has written everything queued and not yet shut its output. */
    boolean mustShutOutput()
    {
        return state == ConnectionState.CLOSING && !outputShut && send.position() == 0;
    }

    /** Sends a FIN after what was written: the client reads everything, then the end of the stream. */
    void shutOutput() throws IOException
    {
        outputShut = true;
        channel.shutdownOutput();
    }

    /** Whether the session was logged in (Login Accepted), also once it is ending. */
    public boolean hasLoggedIn()
    {
        return loggedIn;
    }

    /** Connected and not logged in yet: awaiting a login, or having one checked. */
    public boolean isLoggingIn()
    {
        return state == ConnectionState.AWAITING_LOGIN || state == ConnectionState.AUTHENTICATING;
    }

    /** Whether {@link #close} has run; safe from any thread. */
    public boolean isClosed()
    {
        return state == ConnectionState.CLOSED;
    }

    /** Whether the session has ended: CLOSING or CLOSED. */
    public boolean isClosing()
    {
        return state == ConnectionState.CLOSING || state == ConnectionState.CLOSED;
    }

    /** Closes the socket and the store cursor; idempotent. */
    public void close(final String reason)
    {
        if (state == ConnectionState.CLOSED)
        {
            return;
        }
        if (closeReason == null)
        {
            closeReason = reason;
        }
        state = ConnectionState.CLOSED;
        if (cursor != null)
        {
            cursor.close();
            cursor = null;
        }
        try
        {
            channel.close();
        }
        catch (final IOException ignored)
        {
            // Closing a broken socket can fail; it is gone either way.
        }
    }

    /**
     * Makes room for a packet of {@code packetLength} bytes when the send buffer is full, by offering the socket what is
     * queued (see {@link #offerLive}).
     *
     * @return false when there is no room even so.
     */
    private boolean room(final int packetLength) throws IOException
    {
        if (send.remaining() >= packetLength)
        {
            return true;
        }
        if (!earlyFlushAllowed)
        {
            return false;
        }
        earlyFlushAllowed = write();
        return send.remaining() >= packetLength;
    }

    private void advance(final int length, final long nowMillis)
    {
        send.position(send.position() + length);
        lastSentMillis = nowMillis;
    }
}
