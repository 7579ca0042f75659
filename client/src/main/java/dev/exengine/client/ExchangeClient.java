package dev.exengine.client;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.protocol.codec.ClientDecoder;
import dev.exengine.protocol.codec.ClientEncoder;
import dev.exengine.protocol.codec.DecodeResult;
import dev.exengine.protocol.soupbin.LoginRequest;
import dev.exengine.protocol.soupbin.PacketHandler;
import dev.exengine.protocol.soupbin.PacketReader;
import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.DirectBuffer;
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
 * The Java client of the gateway: SoupBinTCP session plus the SBE messages as typed calls and callbacks.
 *
 * <p><b>Threading: poll-driven.</b> One thread owns the client: it calls the send methods and {@link #poll()}, which
 * reads what arrived, calls the {@link ExchangeListener}, sends heartbeats and, after a lost connection, reconnects
 * and logs in again with the next expected sequence number so that every missed message arrives once, in order.
 * Sends write to the socket at once (blocking briefly only if the socket buffer is full); {@link #poll()} never waits
 * for a connect, which is non-blocking. Allocates nothing per message after warm-up.
 *
 * <p><b>Fail-over.</b> The client takes the addresses of a primary and its standbys ({@link #connect(List)}). A
 * standby answers every login with Login Rejected 'S'; once promoted, it accepts logins into the same session id and
 * continues every user's stream with the same sequence numbers. So the client moves on to the next address (round
 * robin, from the one after the address that failed) when a connect is refused or times out, a connection is lost,
 * a login gets 'S' or no answer in time; it waits the reconnect delay only after a whole round without a login. Each
 * login carries the session id the client is in and its next expected sequence number. Login Rejected 'A' (a wrong
 * password) stops it: that password is tried at no other address. Every Login Accepted is checked against what the
 * client expected, so each message reaches the listener once, in order: the messages a node replays from below the
 * expected number are dropped ({@link #duplicates()}), a number above it is reported as a gap
 * ({@link ExchangeListener#onGap}), and another session id as a restarted stream
 * ({@link ExchangeListener#onSessionChanged}), numbered from its Login Accepted on.
 *
 * <pre>
 * try (ExchangeClient client = new ExchangeClient(listener))
 * {
 *     client.connect(List.of(new InetSocketAddress("node-a", 7001), new InetSocketAddress("node-b", 7001)));
 *     client.login("alice", "secret", "", 1);        // blocks until accepted, rejected or every address failed
 *     client.newOrder(1001, 1, 42, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100_00, 100_000);
 *     while (running) client.poll();
 * }
 * </pre>
 */
public final class ExchangeClient implements AutoCloseable
{
    private final ExchangeListener listener;
    private final ClientEncoder encoder = new ClientEncoder();
    private final ClientDecoder decoder = new ClientDecoder();
    private final Event event = new Event();
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
    private long undecodable;

    public ExchangeClient(final ExchangeListener listener)
    {
        this.listener = listener;
    }

    /** Client Heartbeat after this much silence on the way out (SoupBinTCP: 1 s). */
    public ExchangeClient heartbeatIntervalMillis(final long millis)
    {
        this.heartbeatIntervalMillis = millis;
        return this;
    }

    /** The server is considered gone after this much silence (SoupBinTCP: 15 s). */
    public ExchangeClient serverTimeoutMillis(final long millis)
    {
        this.serverTimeoutMillis = millis;
        return this;
    }

    /** Reconnect and log in again after a lost connection (default on). */
    public ExchangeClient autoReconnect(final boolean autoReconnect)
    {
        this.autoReconnect = autoReconnect;
        return this;
    }

    /** The wait before the next round once every address has failed in turn (one address: after each failure). */
    public ExchangeClient reconnectDelayMillis(final long millis)
    {
        this.reconnectDelayMillis = millis;
        return this;
    }

    /** How long a TCP connect may take before the client moves on to the next address. */
    public ExchangeClient connectTimeoutMillis(final long millis)
    {
        this.connectTimeoutMillis = millis;
        return this;
    }

    /** How long a server may take to answer a Login Request before the client moves on to the next address. */
    public ExchangeClient loginTimeoutMillis(final long millis)
    {
        this.loginTimeoutMillis = millis;
        return this;
    }

    /** Opens the TCP connection: {@link #connect(List)} with one address. */
    public void connect(final String host, final int port) throws IOException
    {
        connect(List.of(new InetSocketAddress(host, port)));
    }

    /**
     * Keeps the addresses of the nodes that may serve the session (a primary and its standbys) and opens a TCP
     * connection to the first of them, in this order, that takes one.
     *
     * @throws IOException when none did; the addresses are kept, and {@link #login} tries them again.
     */
    public void connect(final List<InetSocketAddress> addresses) throws IOException
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

    /**
     * Logs in and waits for the answer (polling, so callbacks run on this thread). Tries the addresses in turn, from
     * the one connected to, until one accepts, one rejects with 'A', or each has failed once (refused, dropped,
     * rejected with 'S', or silent for the connect or login timeout): it returns within one round of timeouts.
     *
     * @param session      the session to join, or "" for the current one.
     * @param nextSequence the next sequence number expected; 1 for everything, 0 for only new messages.
     * @return true when accepted; false when rejected with 'A' or no address accepted: {@link #loginRejectReason()}
     * is then 'A', 'S' when an address answered that, or 0 when none answered; {@link #failure()} says why the last
     * address failed. After any false but 'A', {@link #poll()} goes on trying with auto-reconnect on.
     */
    public boolean login(final String username, final String password, final String session, final long nextSequence)
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

    /**
     * Does the I/O: reads and dispatches what arrived, sends a heartbeat when due, detects a silent server, and
     * reconnects, trying the addresses in turn, when the connection is lost (with auto-reconnect on).
     *
     * @return the number of packets handled.
     */
    public int poll() throws IOException
    {
        return doWork(System.currentTimeMillis(), autoReconnect && wantSession);
    }

    /** Sends Logout Request; the server closes the connection and no reconnect follows. */
    public void logout() throws IOException
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

    /** Drops the connection without logging out, as a network failure would (tests use it to force a reconnect). */
    public void disconnect()
    {
        lost("dropped by client");
    }

    @Override
    public void close()
    {
        wantSession = false;
        closeChannel();
    }

    public boolean isLoggedIn()
    {
        return state == State.LOGGED_IN;
    }

    public boolean isConnected()
    {
        return state == State.CONNECTED || state == State.LOGGING_IN || state == State.LOGGED_IN;
    }

    /** The address connected to or being tried; between attempts, the next one to try (null before connect). */
    public InetSocketAddress address()
    {
        return addresses.isEmpty() ? null : addresses.get(addressIndex);
    }

    /** The session id the server accepted us into ("" before the first login). */
    public String session()
    {
        return session;
    }

    /** The sequence number of the next sequenced message expected. */
    public long nextSequence()
    {
        return nextSequence;
    }

    /** 'A' or 'S' from the last Login Rejected since {@link #login} was called, 0 when none came. */
    public char loginRejectReason()
    {
        return loginRejectReason;
    }

    /** Why the last address given up on failed, with that address (null while none has). */
    public String failure()
    {
        return failure;
    }

    /** Successful re-logins after a lost connection. */
    public long reconnects()
    {
        return reconnects;
    }

    /** TCP connects begun, every address of every round counted. */
    public long connectAttempts()
    {
        return connectAttempts;
    }

    /** Sequenced messages dropped as delivered already: a node resumed the stream below the next expected number. */
    public long duplicates()
    {
        return duplicates;
    }

    /** Messages from the server that could not be decoded, sequenced or not. */
    public long undecodable()
    {
        return undecodable;
    }

    public void newOrder(
        final long accountId, final int instrumentId, final long clientOrderId, final Side side,
        final OrderType orderType, final TimeInForce timeInForce, final boolean postOnly, final long price,
        final long quantity) throws IOException
    {
        sendData(encoder.newOrder(sendView, SoupBinTcp.HEADER_SIZE, accountId, clientOrderId, instrumentId, side,
            orderType, timeInForce, postOnly, price, quantity));
    }

    public void cancelOrder(final long accountId, final long orderId) throws IOException
    {
        sendData(encoder.cancelOrder(sendView, SoupBinTcp.HEADER_SIZE, accountId, orderId));
    }

    /** @param quantity the new total quantity, filled part included. */
    public void replaceOrder(final long accountId, final long orderId, final long price, final long quantity)
        throws IOException
    {
        sendData(encoder.replaceOrder(sendView, SoupBinTcp.HEADER_SIZE, accountId, orderId, price, quantity));
    }

    /** @param instrumentId 0 for every instrument. */
    public void massCancel(final long accountId, final int instrumentId) throws IOException
    {
        sendData(encoder.massCancel(sendView, SoupBinTcp.HEADER_SIZE, accountId, instrumentId));
    }

    public void transfer(
        final long accountId, final long targetAccountId, final int assetId, final long amount, final long transferId)
        throws IOException
    {
        sendData(encoder.transfer(sendView, SoupBinTcp.HEADER_SIZE, accountId, targetAccountId, assetId, amount,
            transferId));
    }

    public void queryBalances(final long requestId, final long accountId) throws IOException
    {
        sendData(encoder.queryBalances(sendView, SoupBinTcp.HEADER_SIZE, requestId, accountId));
    }

    public void queryOpenOrders(final long requestId, final long accountId) throws IOException
    {
        sendData(encoder.queryOpenOrders(sendView, SoupBinTcp.HEADER_SIZE, requestId, accountId));
    }

    /** @param levels per side, 1..1000; 0 means 10. */
    public void queryDepth(final long requestId, final int instrumentId, final int levels) throws IOException
    {
        sendData(encoder.queryDepth(sendView, SoupBinTcp.HEADER_SIZE, requestId, instrumentId, levels));
    }

    public void addAsset(final int assetId, final int scale) throws IOException
    {
        sendData(encoder.addAsset(sendView, SoupBinTcp.HEADER_SIZE, assetId, scale));
    }

    /** @param instrument an ADD_INSTRUMENT command holding the instrument's fields. */
    public void addInstrument(final Command instrument) throws IOException
    {
        sendData(encoder.addInstrument(sendView, SoupBinTcp.HEADER_SIZE, instrument));
    }

    public void openAccount(final long accountId) throws IOException
    {
        sendData(encoder.openAccount(sendView, SoupBinTcp.HEADER_SIZE, accountId));
    }

    /**
     * @param movementId the caller's id of this deposit, unique among the account's deposits: sent again (after a
     *                   lost connection) it gets the first outcome and credits nothing twice; 0 for none.
     */
    public void deposit(final long accountId, final int assetId, final long amount, final long movementId)
        throws IOException
    {
        sendData(encoder.deposit(sendView, SoupBinTcp.HEADER_SIZE, accountId, assetId, amount, movementId));
    }

    /**
     * @param movementId the caller's id of this withdrawal, unique among the account's withdrawals; 0 for none.
     */
    public void withdraw(final long accountId, final int assetId, final long amount, final long movementId)
        throws IOException
    {
        sendData(encoder.withdraw(sendView, SoupBinTcp.HEADER_SIZE, accountId, assetId, amount, movementId));
    }

    public void suspendAccount(final long accountId) throws IOException
    {
        sendData(encoder.suspendAccount(sendView, SoupBinTcp.HEADER_SIZE, accountId));
    }

    public void resumeAccount(final long accountId) throws IOException
    {
        sendData(encoder.resumeAccount(sendView, SoupBinTcp.HEADER_SIZE, accountId));
    }

    public void haltInstrument(final int instrumentId) throws IOException
    {
        sendData(encoder.haltInstrument(sendView, SoupBinTcp.HEADER_SIZE, instrumentId));
    }

    public void resumeInstrument(final int instrumentId) throws IOException
    {
        sendData(encoder.resumeInstrument(sendView, SoupBinTcp.HEADER_SIZE, instrumentId));
    }

    public void takeSnapshot(final long requestId) throws IOException
    {
        sendData(encoder.takeSnapshot(sendView, SoupBinTcp.HEADER_SIZE, requestId));
    }

    /** Sends any command as its message (tests and tools). */
    public void send(final Command command) throws IOException
    {
        sendData(encoder.encode(command, sendView, SoupBinTcp.HEADER_SIZE));
    }

    /** Sends raw bytes as one Unsequenced Data packet, unchecked (tests of the server's defences). */
    public void sendUnsequenced(final DirectBuffer payload, final int offset, final int length) throws IOException
    {
        sendView.putBytes(SoupBinTcp.HEADER_SIZE, payload, offset, length);
        sendData(length);
    }

    private boolean onPacket(final byte type, final DirectBuffer buffer, final int offset, final int length)
    {
        switch (type)
        {
            case SoupBinTcp.SEQUENCED_DATA -> onSequenced(buffer, offset, length);
            case SoupBinTcp.UNSEQUENCED_DATA -> onMessage(ExchangeListener.UNSEQUENCED, buffer, offset, length);
            case SoupBinTcp.LOGIN_ACCEPTED -> onLoginAccepted(buffer, offset);
            case SoupBinTcp.LOGIN_REJECTED -> onLoginRejected(length > 0 ? (char)buffer.getByte(offset) : '?');
            case SoupBinTcp.END_OF_SESSION ->
            {
                wantSession = false;
                listener.onEndOfSession();
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
            listener.onFailover(address);
        }
        if (sessionChanged)
        {
            listener.onSessionChanged(previousSession, accepted);
        }
        else if (gap)
        {
            listener.onGap(expected, sequence);
        }
        listener.onLoginAccepted(accepted, nextSequence);
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
        listener.onLoginRejected(reason);
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
        onMessage(sequence, buffer, offset, length);
    }

    /**
     * Decodes a message and hands it to the listener.
     *
     * @param sequence its number in the user's stream, or {@link ExchangeListener#UNSEQUENCED}.
     */
    private void onMessage(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        final DecodeResult result = decoder.decode(buffer, offset, length, event);
        switch (result)
        {
            case MESSAGE, SNAPSHOT_RESULT -> dispatch(sequence);
            case PROTOCOL_REJECT -> listener.onProtocolReject(sequence, decoder.protocolReject());
            default ->
            {
                undecodable++;
                listener.onUndecodable(sequence, result.name());
            }
        }
    }

    private void dispatch(final long sequence)
    {
        switch (event.type())
        {
            case ORDER_ACCEPTED -> listener.onOrderAccepted(sequence, event);
            case ORDER_REJECTED -> listener.onOrderRejected(sequence, event);
            case TRADE -> listener.onTrade(sequence, event, decoder.isMaker());
            case ORDER_CANCELED -> listener.onOrderCanceled(sequence, event);
            case ORDER_REPLACED -> listener.onOrderReplaced(sequence, event);
            case CANCEL_REJECTED -> listener.onCancelRejected(sequence, event);
            case MASS_CANCEL_DONE -> listener.onMassCancelDone(sequence, event);
            case TRANSFER_DONE, TRANSFER_REJECTED -> listener.onTransferResult(sequence, event);
            case BALANCE_CHANGED -> listener.onBalanceUpdate(sequence, event);
            case BALANCE, OPEN_ORDER, DEPTH_LEVEL, QUERY_DONE, QUERY_REJECTED -> listener.onQueryAnswer(sequence, event);
            case ADMIN_DONE, ADMIN_REJECTED -> listener.onAdminResult(sequence, event);
        }
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

    private void sendData(final int payloadLength) throws IOException
    {
        if (state != State.LOGGED_IN)
        {
            throw new IOException("not logged in");
        }
        PacketWriter.header(sendView, 0, SoupBinTcp.UNSEQUENCED_DATA, payloadLength);
        write(SoupBinTcp.HEADER_SIZE + payloadLength);
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

    /** An open connection ended (not by {@link #close()}): the listener hears why, and the next address is due. */
    private void lost(final String reason)
    {
        if (state == State.DOWN)
        {
            return;
        }
        failed(reason);
        listener.onDisconnected(reason);
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
