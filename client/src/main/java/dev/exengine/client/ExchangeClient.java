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
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The Java client of the gateway: SoupBinTCP session plus the SBE messages as typed calls and callbacks.
 *
 * <p><b>Threading: poll-driven.</b> One thread owns the client: it calls the send methods and {@link #poll()}, which
 * reads what arrived, calls the {@link ExchangeListener}, sends heartbeats and, after a lost connection, reconnects
 * and logs in again with the next expected sequence number so that every missed message arrives once, in order.
 * Sends write to the socket at once (blocking briefly only if the socket buffer is full). Allocates nothing per
 * message after warm-up.
 *
 * <pre>
 * try (ExchangeClient client = new ExchangeClient(listener))
 * {
 *     client.connect("localhost", 7001);
 *     client.login("alice", "secret", "", 1);        // blocks until accepted or rejected
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
    private long heartbeatIntervalMillis = 1_000;
    private long serverTimeoutMillis = 15_000;
    private long reconnectDelayMillis = 200;
    private long loginTimeoutMillis = 10_000;
    private boolean autoReconnect = true;
    private InetSocketAddress address;
    private SocketChannel channel;
    private String username;
    private String password;
    private String session = "";
    private long nextSequence;
    private boolean loggedIn;
    private boolean wantSession;
    private boolean awaitingLogin;
    private char loginRejectReason;
    private long lastSentMillis;
    private long lastReceivedMillis;
    private long reconnectAtMillis;
    private long reconnects;
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

    public ExchangeClient reconnectDelayMillis(final long millis)
    {
        this.reconnectDelayMillis = millis;
        return this;
    }

    /** How long {@link #login} waits for the answer. */
    public ExchangeClient loginTimeoutMillis(final long millis)
    {
        this.loginTimeoutMillis = millis;
        return this;
    }

    /** Opens the TCP connection. */
    public void connect(final String host, final int port) throws IOException
    {
        address = new InetSocketAddress(host, port);
        openChannel();
    }

    /**
     * Logs in and waits for the answer (polling, so callbacks run on this thread).
     *
     * @param session      the session to join, or "" for the current one.
     * @param nextSequence the next sequence number expected; 1 for everything, 0 for only new messages.
     * @return true when accepted; false when rejected ({@link #loginRejectReason()}), the connection dropped or no
     * answer came in time.
     */
    public boolean login(final String username, final String password, final String session, final long nextSequence)
        throws IOException
    {
        this.username = username;
        this.password = password;
        this.session = session;
        this.nextSequence = nextSequence;
        this.wantSession = true;
        sendLogin();
        final long deadline = System.currentTimeMillis() + loginTimeoutMillis;
        while (awaitingLogin && channel != null && System.currentTimeMillis() < deadline)
        {
            if (poll() == 0)
            {
                Thread.onSpinWait();
            }
        }
        return loggedIn;
    }

    /**
     * Does the I/O: reads and dispatches what arrived, sends a heartbeat when due, detects a silent server, and
     * reconnects when the connection is lost (with auto-reconnect on).
     *
     * @return the number of packets handled.
     */
    public int poll() throws IOException
    {
        final long now = System.currentTimeMillis();
        if (channel == null)
        {
            if (autoReconnect && wantSession && username != null && now >= reconnectAtMillis)
            {
                reconnect(now);
            }
            return 0;
        }
        int packets = 0;
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
        if (channel != null && loggedIn)
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

    /** Sends Logout Request; the server closes the connection and no reconnect follows. */
    public void logout() throws IOException
    {
        wantSession = false;
        if (channel != null)
        {
            sendEmpty(SoupBinTcp.LOGOUT_REQUEST);
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
        return loggedIn;
    }

    public boolean isConnected()
    {
        return channel != null;
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

    public char loginRejectReason()
    {
        return loginRejectReason;
    }

    /** Successful re-logins after a lost connection. */
    public long reconnects()
    {
        return reconnects;
    }

    /** Sequenced messages that could not be decoded. */
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
            case SoupBinTcp.LOGIN_ACCEPTED ->
            {
                session = SoupBinTcp.getAlpha(buffer, offset, SoupBinTcp.SESSION_LENGTH);
                nextSequence = SoupBinTcp.getNumeric(buffer, offset + SoupBinTcp.SESSION_LENGTH,
                    SoupBinTcp.SEQUENCE_NUMBER_LENGTH);
                loggedIn = true;
                awaitingLogin = false;
                listener.onLoginAccepted(session, nextSequence);
            }
            case SoupBinTcp.LOGIN_REJECTED ->
            {
                loginRejectReason = length > 0 ? (char)buffer.getByte(offset) : '?';
                awaitingLogin = false;
                wantSession = false;
                listener.onLoginRejected(loginRejectReason);
            }
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

    private void onSequenced(final DirectBuffer buffer, final int offset, final int length)
    {
        final long sequence = nextSequence++;
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

    private void sendLogin() throws IOException
    {
        if (channel == null)
        {
            throw new IOException("not connected");
        }
        loginRequest.username(username).password(password).requestedSession(session)
            .requestedSequenceNumber(nextSequence).heartbeatTimeoutMillis(0);
        loggedIn = false;
        awaitingLogin = true;
        write(PacketWriter.loginRequest(sendView, 0, loginRequest));
    }

    private void reconnect(final long now)
    {
        try
        {
            openChannel();
            sendLogin();
            reconnects++;
        }
        catch (final IOException ex)
        {
            closeChannel();
            reconnectAtMillis = now + reconnectDelayMillis;
        }
    }

    private void sendData(final int payloadLength) throws IOException
    {
        if (channel == null || !loggedIn)
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

    private void openChannel() throws IOException
    {
        closeChannel();
        final SocketChannel opened = SocketChannel.open();
        try
        {
            opened.socket().connect(address, (int)Math.min(Integer.MAX_VALUE, loginTimeoutMillis));
            opened.socket().setTcpNoDelay(true);
            opened.configureBlocking(false);
        }
        catch (final IOException ex)
        {
            opened.close();
            throw ex;
        }
        channel = opened;
        reader.clear();
        final long now = System.currentTimeMillis();
        lastReceivedMillis = now;
        lastSentMillis = now;
    }

    private void lost(final String reason)
    {
        if (channel == null)
        {
            return;
        }
        closeChannel();
        awaitingLogin = false;
        reconnectAtMillis = System.currentTimeMillis() + reconnectDelayMillis;
        listener.onDisconnected(reason);
    }

    private void closeChannel()
    {
        loggedIn = false;
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
}
