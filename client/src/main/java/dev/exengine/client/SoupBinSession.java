package dev.exengine.client;

import dev.exengine.protocol.soupbin.LoginRequest;
import dev.exengine.protocol.soupbin.PacketHandler;
import dev.exengine.protocol.soupbin.PacketReader;
import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of a SoupBinTCP session, as the {@link ExchangeClient} and the {@link FeedClient} both use it: the
 * connection to one of several nodes (fail-over), the login with the session id and the next expected sequence
 * number, heartbeats, the server's silence, and after a lost connection the next login, so that every sequenced
 * message reaches the {@link Handler} once, in order (see {@link ExchangeClient} for the rules). What the payloads mean
 * is the handler's business.
 *
 * <p>Poll-driven: one thread calls everything. Allocates nothing per packet after warm-up.
 */
final class SoupBinSession
{
    /** What a session hands on, on the thread that polls. */
    interface Handler
    {
        /** A Sequenced Data packet numbered {@code sequence}, not delivered before. */
        void onSequenced(long sequence, DirectBuffer buffer, int offset, int length);

        /** An Unsequenced Data packet from the server (the feed's snapshots and price levels). */
        void onUnsequenced(DirectBuffer buffer, int offset, int length);

        void onLoginAccepted(String session, long nextSequence);

        void onLoginRejected(char reason);

        void onDisconnected(String reason);

        void onFailover(InetSocketAddress address);

        void onSessionChanged(String previousSession, String session);

        void onGap(long expectedSequence, long nextSequence);

        void onEndOfSession();
    }

    private final Handler handler;
    private final LoginRequest loginRequest = new LoginRequest();
    private final PacketReader reader = new PacketReader(SoupBinTcp.MAX_PACKET_LENGTH);
    /** Kept in a field: a poll that reads allocates nothing. */
    private final PacketHandler packetHandler = this::onPacket;
    private final ByteBuffer send =
        ByteBuffer.allocateDirect(SoupBinTcp.MAX_PACKET_LENGTH + SoupBinTcp.LENGTH_FIELD_SIZE);
    private final UnsafeBuffer sendView = new UnsafeBuffer(send);
    /** How the blocking connect and login wait: they are not the hot path, and the cores may be shared. */
    private final IdleStrategy idle = new BackoffIdleStrategy();
    /** The nodes that may serve the session, in the order given. */
    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private long heartbeatIntervalMillis = 1_000;
    private long serverTimeoutMillis = 15_000;
    private long reconnectDelayMillis = 200;
    private long connectTimeoutMillis = 2_000;
    private long loginTimeoutMillis = 10_000;
    private boolean autoReconnect = true;
    private State state = State.DOWN;
    private SocketChannel channel;
    /** The address connected to or being tried; between attempts, the next one to try. */
    private int addressIndex;
    /** Addresses that failed since the last login or wait: a round ends when each has failed once. */
    private int failuresInRound;
    private long failedRounds;
    /** When the connect began or the Login Request left: what the connect and login timeouts count from. */
    private long stateSinceMillis;
    private String failure;
    private String username;
    private String password;
    private String session = "";
    private long nextSequence;
    /** The server's number of the next Sequenced Data packet: Login Accepted's, then +1 per packet. */
    private long streamSequence;
    private boolean wantSession;
    /** A login was accepted since {@link #login} was called: the next Login Accepted continues that stream. */
    private boolean resuming;
    private InetSocketAddress loggedInAt;
    private char loginRejectReason;
    private long lastSentMillis;
    private long lastReceivedMillis;
    private long reconnectAtMillis;
    private long reconnects;
    private long connectAttempts;
    private long duplicates;

    SoupBinSession(final Handler handler)
    {
        this.handler = handler;
    }

    void heartbeatIntervalMillis(final long millis)
    {
        this.heartbeatIntervalMillis = millis;
    }

    void serverTimeoutMillis(final long millis)
    {
        this.serverTimeoutMillis = millis;
    }

    void autoReconnect(final boolean autoReconnect)
    {
        this.autoReconnect = autoReconnect;
    }

    void reconnectDelayMillis(final long millis)
    {
        this.reconnectDelayMillis = millis;
    }

    void connectTimeoutMillis(final long millis)
    {
        this.connectTimeoutMillis = millis;
    }

    void loginTimeoutMillis(final long millis)
    {
        this.loginTimeoutMillis = millis;
    }

    /**
     * Keeps the addresses and opens a TCP connection to the first of them, in this order, that takes one.
     *
     * @throws IOException when none did; the addresses are kept, and {@link #login} tries them again.
     */
    void connect(final List<InetSocketAddress> addresses) throws IOException
    {
        if (addresses.isEmpty())
        {
            throw new IllegalArgumentException("no address to connect to");
        }
        closeChannel();
        this.addresses.clear();
        this.addresses.addAll(addresses);
        addressIndex = 0;
        wantSession = false;
        if (!awaitState(State.CONNECTED))
        {
            throw new IOException("no address took a connection; last: " + failure);
        }
    }

    /** Logs in and waits for the answer, trying the addresses in turn: see {@link ExchangeClient#login}. */
    boolean login(final String username, final String password, final String session, final long nextSequence)
        throws IOException
    {
        if (addresses.isEmpty())
        {
            throw new IOException("not connected");
        }
        this.username = username;
        this.password = password;
        this.session = session;
        this.nextSequence = nextSequence;
        wantSession = true;
        resuming = false;
        loginRejectReason = 0;
        if (state == State.LOGGING_IN || state == State.LOGGED_IN)
        {
            // A second Login Request would end the connection anyway: this login starts on a new one.
            closeChannel();
        }
        return awaitState(State.LOGGED_IN);
    }

    /** Reads and dispatches, heartbeats, detects a silent server, and reconnects when the connection was lost. */
    int poll() throws IOException
    {
        return doWork(System.currentTimeMillis(), autoReconnect && wantSession);
    }

    /** Sends Logout Request; the server closes the connection and no reconnect follows. */
    void logout() throws IOException
    {
        wantSession = false;
        if (isConnected())
        {
            sendEmpty(SoupBinTcp.LOGOUT_REQUEST);
        }
        else
        {
            closeChannel();
        }
    }

    /**
     * Drops the connection as a network failure would: with auto-reconnect on, the next poll logs in again with the
     * next expected sequence number.
     */
    void disconnect(final String reason)
    {
        lost(reason);
    }

    /** The number the next login asks for (the feed's 0: a snapshot). */
    void nextSequence(final long nextSequence)
    {
        this.nextSequence = nextSequence;
    }

    /**
     * Asks for the stream from another number at the next login, and drops the connection so that the next poll logs
     * in again.
     */
    void restartAt(final long nextSequence, final String reason)
    {
        this.nextSequence = nextSequence;
        lost(reason);
    }

    void close()
    {
        wantSession = false;
        closeChannel();
    }

    boolean isLoggedIn()
    {
        return state == State.LOGGED_IN;
    }

    boolean isConnected()
    {
        return state == State.CONNECTED || state == State.LOGGING_IN || state == State.LOGGED_IN;
    }

    InetSocketAddress address()
    {
        return addresses.isEmpty() ? null : addresses.get(addressIndex);
    }

    String session()
    {
        return session;
    }

    long nextSequence()
    {
        return nextSequence;
    }

    char loginRejectReason()
    {
        return loginRejectReason;
    }

    String failure()
    {
        return failure;
    }

    long reconnects()
    {
        return reconnects;
    }

    long connectAttempts()
    {
        return connectAttempts;
    }

    long duplicates()
    {
        return duplicates;
    }

    /** Where an Unsequenced Data payload is encoded, at {@link SoupBinTcp#HEADER_SIZE}, before {@link #sendData}. */
    MutableDirectBuffer sendBuffer()
    {
        return sendView;
    }

    /** Sends the payload encoded in {@link #sendBuffer()} as one Unsequenced Data packet. */
    void sendData(final int payloadLength) throws IOException
    {
        if (state != State.LOGGED_IN)
        {
            throw new IOException("not logged in");
        }
        PacketWriter.header(sendView, 0, SoupBinTcp.UNSEQUENCED_DATA, payloadLength);
        write(SoupBinTcp.HEADER_SIZE + payloadLength);
    }

    private boolean onPacket(final byte type, final DirectBuffer buffer, final int offset, final int length)
    {
        switch (type)
        {
            case SoupBinTcp.SEQUENCED_DATA -> onSequenced(buffer, offset, length);
            case SoupBinTcp.UNSEQUENCED_DATA -> handler.onUnsequenced(buffer, offset, length);
            case SoupBinTcp.LOGIN_ACCEPTED -> onLoginAccepted(buffer, offset);
            case SoupBinTcp.LOGIN_REJECTED -> onLoginRejected(length > 0 ? (char)buffer.getByte(offset) : '?');
            case SoupBinTcp.END_OF_SESSION ->
            {
                wantSession = false;
                handler.onEndOfSession();
            }
            default ->
            {
                // Server Heartbeat, Debug: their arrival already counted as traffic.
            }
        }
        return channel != null;
    }

    private void onLoginAccepted(final DirectBuffer buffer, final int offset)
    {
        final String accepted = SoupBinTcp.getAlpha(buffer, offset, SoupBinTcp.SESSION_LENGTH);
        final long sequence = SoupBinTcp.getNumeric(buffer, offset + SoupBinTcp.SESSION_LENGTH,
            SoupBinTcp.SEQUENCE_NUMBER_LENGTH);
        final InetSocketAddress address = addresses.get(addressIndex);
        final boolean failover = resuming && !address.equals(loggedInAt);
        final String previousSession = session;
        final boolean sessionChanged = !previousSession.isBlank() && !previousSession.equals(accepted);
        final long expected = nextSequence;
        final boolean gap = !sessionChanged && expected > 0 && sequence > expected;
        if (resuming)
        {
            reconnects++;
        }
        state = State.LOGGED_IN;
        failuresInRound = 0;
        resuming = true;
        loggedInAt = address;
        session = accepted;
        streamSequence = sequence;
        // Below the expected number the node replays what this client has: onSequenced drops it.
        if (sessionChanged || expected == 0 || sequence > expected)
        {
            nextSequence = sequence;
        }
        if (failover)
        {
            handler.onFailover(address);
        }
        if (sessionChanged)
        {
            handler.onSessionChanged(previousSession, accepted);
        }
        else if (gap)
        {
            handler.onGap(expected, sequence);
        }
        handler.onLoginAccepted(accepted, nextSequence);
    }

    private void onLoginRejected(final char reason)
    {
        loginRejectReason = reason;
        if (reason == SoupBinTcp.REJECT_SESSION_NOT_AVAILABLE)
        {
            // A standby, or a node whose session ended: the session may be served at the next address.
            failed("Login Rejected 'S'");
        }
        else
        {
            // Not authorized: another node would refuse the same password, and each try counts against this address.
            wantSession = false;
            closeChannel();
        }
        handler.onLoginRejected(reason);
    }

    private void onSequenced(final DirectBuffer buffer, final int offset, final int length)
    {
        final long sequence = streamSequence++;
        if (sequence < nextSequence)
        {
            duplicates++;
            return;
        }
        nextSequence = sequence + 1;
        handler.onSequenced(sequence, buffer, offset, length);
    }

    /**
     * Works from the current address on until the connection reaches the state wanted, every address has failed
     * once, or a Login Rejected 'A' ended the wish for a session. Each attempt is bounded by the connect and login
     * timeouts, and so is this.
     */
    private boolean awaitState(final State wanted) throws IOException
    {
        failuresInRound = 0;
        reconnectAtMillis = 0;
        final long rounds = failedRounds;
        idle.reset();
        while (state != wanted && failedRounds == rounds && (wantSession || wanted == State.CONNECTED))
        {
            idle.idle(doWork(System.currentTimeMillis(), true));
        }
        return state == wanted;
    }

    private int doWork(final long now, final boolean reconnect) throws IOException
    {
        if (state == State.DOWN)
        {
            if (reconnect && now >= reconnectAtMillis)
            {
                startConnect(now);
            }
            return 0;
        }
        if (state == State.CONNECTING)
        {
            finishConnect(now);
            return 0;
        }
        if (state == State.CONNECTED && wantSession)
        {
            sendLogin(now);
            return 0;
        }
        return receive(now);
    }

    private int receive(final long now) throws IOException
    {
        final int read;
        try
        {
            read = channel.read(reader.receiveBuffer());
        }
        catch (final IOException ex)
        {
            lost("read failed: " + ex.getMessage());
            return 0;
        }
        if (read < 0)
        {
            lost("closed by server");
            return 0;
        }
        int packets = 0;
        if (read > 0 || reader.pending() > 0)
        {
            if (read > 0)
            {
                lastReceivedMillis = now;
            }
            packets = reader.dispatch(packetHandler);
            if (packets == PacketReader.FRAMING_ERROR)
            {
                lost("bad packet length from server");
                return 0;
            }
        }
        if (state == State.LOGGING_IN && now - stateSinceMillis >= loginTimeoutMillis)
        {
            lost("no answer to the login within " + loginTimeoutMillis + " ms");
        }
        else if (state == State.LOGGED_IN)
        {
            if (now - lastReceivedMillis >= serverTimeoutMillis)
            {
                lost("server silent for " + serverTimeoutMillis + " ms");
            }
            else if (now - lastSentMillis >= heartbeatIntervalMillis)
            {
                sendEmpty(SoupBinTcp.CLIENT_HEARTBEAT);
            }
        }
        return packets;
    }

    private void startConnect(final long now)
    {
        connectAttempts++;
        state = State.CONNECTING;
        stateSinceMillis = now;
        try
        {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(addresses.get(addressIndex)))
            {
                connected(now);
            }
        }
        catch (final IOException ex)
        {
            failed("connect failed: " + ex.getMessage());
        }
        catch (final UnresolvedAddressException ex)
        {
            failed("unresolved address");
        }
    }

    private void finishConnect(final long now)
    {
        try
        {
            if (channel.finishConnect())
            {
                connected(now);
            }
            else if (now - stateSinceMillis >= connectTimeoutMillis)
            {
                failed("no connection within " + connectTimeoutMillis + " ms");
            }
        }
        catch (final IOException ex)
        {
            failed("connect failed: " + ex.getMessage());
        }
    }

    private void connected(final long now)
    {
        state = State.CONNECTED;
        reader.clear();
        lastReceivedMillis = now;
        lastSentMillis = now;
    }

    private void sendLogin(final long now)
    {
        loginRequest.username(username).password(password).requestedSession(session)
            .requestedSequenceNumber(nextSequence).heartbeatTimeoutMillis(0);
        state = State.LOGGING_IN;
        stateSinceMillis = now;
        try
        {
            write(PacketWriter.loginRequest(sendView, 0, loginRequest));
        }
        catch (final IOException ex)
        {
            // write() has given up on this connection already and moved on to the next address.
        }
    }

    private void sendEmpty(final byte type) throws IOException
    {
        write(PacketWriter.empty(sendView, 0, type));
    }

    /**
     * Writes the packet whole. A server that takes nothing for the server timeout is as good as gone: the connection
     * is lost, and the call fails instead of spinning forever.
     */
    private void write(final int length) throws IOException
    {
        send.clear().limit(length);
        try
        {
            long stuckSince = 0;
            while (send.hasRemaining())
            {
                if (channel.write(send) > 0)
                {
                    stuckSince = 0;
                    continue;
                }
                final long now = System.currentTimeMillis();
                if (stuckSince == 0)
                {
                    stuckSince = now;
                }
                else if (now - stuckSince >= serverTimeoutMillis)
                {
                    throw new IOException("the server took nothing for " + serverTimeoutMillis + " ms");
                }
                Thread.onSpinWait();
            }
        }
        catch (final IOException ex)
        {
            lost("write failed: " + ex.getMessage());
            throw ex;
        }
        lastSentMillis = System.currentTimeMillis();
    }

    /** An open connection ended (not by {@link #close()}): the handler hears why, and the next address is due. */
    private void lost(final String reason)
    {
        if (state == State.DOWN)
        {
            return;
        }
        failed(reason);
        handler.onDisconnected(reason);
    }

    /**
     * Gives up on the current address: the next one is tried at once, or after the reconnect delay when every
     * address has now failed in turn.
     */
    private void failed(final String reason)
    {
        failure = addresses.get(addressIndex) + ": " + reason;
        closeChannel();
        addressIndex = (addressIndex + 1) % addresses.size();
        final long now = System.currentTimeMillis();
        if (++failuresInRound < addresses.size())
        {
            reconnectAtMillis = now;
        }
        else
        {
            failuresInRound = 0;
            failedRounds++;
            reconnectAtMillis = now + reconnectDelayMillis;
        }
    }

    private void closeChannel()
    {
        state = State.DOWN;
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // Already broken; nothing to release beyond the descriptor, which close() frees anyway.
            }
            channel = null;
        }
    }

    /** Where the connection stands; {@link #poll()} moves it on. */
    private enum State
    {
        /** No connection; with a session wanted, the next attempt is due at reconnectAtMillis. */
        DOWN,
        /** A non-blocking connect under way, for at most the connect timeout. */
        CONNECTING,
        /** Connected, no Login Request sent: after {@link #connect}, before {@link #login}. */
        CONNECTED,
        /** Login Request sent, no answer yet, for at most the login timeout. */
        LOGGING_IN,
        LOGGED_IN
    }
}
