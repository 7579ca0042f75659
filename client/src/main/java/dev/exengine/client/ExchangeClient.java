package dev.exengine.client;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.protocol.codec.ClientDecoder;
import dev.exengine.protocol.codec.ClientEncoder;
import dev.exengine.protocol.codec.DecodeResult;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
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
    private final SoupBinSession session = new SoupBinSession(new Handler());
    private long undecodable;

    public ExchangeClient(final ExchangeListener listener)
    {
        this.listener = listener;
    }

    /** Client Heartbeat after this much silence on the way out (SoupBinTCP: 1 s). */
    public ExchangeClient heartbeatIntervalMillis(final long millis)
    {
        session.heartbeatIntervalMillis(millis);
        return this;
    }

    /** The server is considered gone after this much silence (SoupBinTCP: 15 s). */
    public ExchangeClient serverTimeoutMillis(final long millis)
    {
        session.serverTimeoutMillis(millis);
        return this;
    }

    /** Reconnect and log in again after a lost connection (default on). */
    public ExchangeClient autoReconnect(final boolean autoReconnect)
    {
        session.autoReconnect(autoReconnect);
        return this;
    }

    /** The wait before the next round once every address has failed in turn (one address: after each failure). */
    public ExchangeClient reconnectDelayMillis(final long millis)
    {
        session.reconnectDelayMillis(millis);
        return this;
    }

    /** How long a TCP connect may take before the client moves on to the next address. */
    public ExchangeClient connectTimeoutMillis(final long millis)
    {
        session.connectTimeoutMillis(millis);
        return this;
    }

    /** How long a server may take to answer a Login Request before the client moves on to the next address. */
    public ExchangeClient loginTimeoutMillis(final long millis)
    {
        session.loginTimeoutMillis(millis);
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
        session.connect(addresses);
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
        return this.session.login(username, password, session, nextSequence);
    }

    /**
     * Does the I/O: reads and dispatches what arrived, sends a heartbeat when due, detects a silent server, and
     * reconnects, trying the addresses in turn, when the connection is lost (with auto-reconnect on).
     *
     * @return the number of packets handled.
     */
    public int poll() throws IOException
    {
        return session.poll();
    }

    /** Sends Logout Request; the server closes the connection and no reconnect follows. */
    public void logout() throws IOException
    {
        session.logout();
    }

    /** Drops the connection without logging out, as a network failure would (tests use it to force a reconnect). */
    public void disconnect()
    {
        session.disconnect("dropped by client");
    }

    @Override
    public void close()
    {
        session.close();
    }

    public boolean isLoggedIn()
    {
        return session.isLoggedIn();
    }

    public boolean isConnected()
    {
        return session.isConnected();
    }

    /** The address connected to or being tried; between attempts, the next one to try (null before connect). */
    public InetSocketAddress address()
    {
        return session.address();
    }

    /** The session id the server accepted us into ("" before the first login). */
    public String session()
    {
        return session.session();
    }

    /** The sequence number of the next sequenced message expected. */
    public long nextSequence()
    {
        return session.nextSequence();
    }

    /** 'A' or 'S' from the last Login Rejected since {@link #login} was called, 0 when none came. */
    public char loginRejectReason()
    {
        return session.loginRejectReason();
    }

    /** Why the last address given up on failed, with that address (null while none has). */
    public String failure()
    {
        return session.failure();
    }

    /** Successful re-logins after a lost connection. */
    public long reconnects()
    {
        return session.reconnects();
    }

    /** TCP connects begun, every address of every round counted. */
    public long connectAttempts()
    {
        return session.connectAttempts();
    }

    /** Sequenced messages dropped as delivered already: a node resumed the stream below the next expected number. */
    public long duplicates()
    {
        return session.duplicates();
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
        session.sendData(encoder.newOrder(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, accountId, clientOrderId, instrumentId, side,
            orderType, timeInForce, postOnly, price, quantity));
    }

    public void cancelOrder(final long accountId, final long orderId) throws IOException
    {
        session.sendData(encoder.cancelOrder(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, accountId, orderId));
    }

    /** @param quantity the new total quantity, filled part included. */
    public void replaceOrder(final long accountId, final long orderId, final long price, final long quantity)
        throws IOException
    {
        session.sendData(encoder.replaceOrder(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, accountId, orderId, price, quantity));
    }

    /** @param instrumentId 0 for every instrument. */
    public void massCancel(final long accountId, final int instrumentId) throws IOException
    {
        session.sendData(encoder.massCancel(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, accountId, instrumentId));
    }

    public void transfer(
        final long accountId, final long targetAccountId, final int assetId, final long amount, final long transferId)
        throws IOException
    {
        session.sendData(encoder.transfer(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, accountId, targetAccountId, assetId, amount,
            transferId));
    }

    public void queryBalances(final long requestId, final long accountId) throws IOException
    {
        session.sendData(encoder.queryBalances(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, requestId, accountId));
    }

    public void queryOpenOrders(final long requestId, final long accountId) throws IOException
    {
        session.sendData(encoder.queryOpenOrders(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, requestId, accountId));
    }

    /** @param levels per side, 1..1000; 0 means 10. */
    public void queryDepth(final long requestId, final int instrumentId, final int levels) throws IOException
    {
        session.sendData(encoder.queryDepth(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, requestId, instrumentId, levels));
    }

    public void addAsset(final int assetId, final int scale) throws IOException
    {
        session.sendData(encoder.addAsset(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, assetId, scale));
    }

    /** @param instrument an ADD_INSTRUMENT command holding the instrument's fields. */
    public void addInstrument(final Command instrument) throws IOException
    {
        session.sendData(encoder.addInstrument(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, instrument));
    }

    public void openAccount(final long accountId) throws IOException
    {
        session.sendData(encoder.openAccount(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, accountId));
    }

    /**
     * @param movementId the caller's id of this deposit, unique among the account's deposits: sent again (after a
     *                   lost connection) it gets the first outcome and credits nothing twice; 0 for none.
     */
    public void deposit(final long accountId, final int assetId, final long amount, final long movementId)
        throws IOException
    {
        session.sendData(encoder.deposit(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, accountId, assetId, amount, movementId));
    }

    /**
     * @param movementId the caller's id of this withdrawal, unique among the account's withdrawals; 0 for none.
     */
    public void withdraw(final long accountId, final int assetId, final long amount, final long movementId)
        throws IOException
    {
        session.sendData(encoder.withdraw(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, accountId, assetId, amount, movementId));
    }

    public void suspendAccount(final long accountId) throws IOException
    {
        session.sendData(encoder.suspendAccount(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, accountId));
    }

    public void resumeAccount(final long accountId) throws IOException
    {
        session.sendData(encoder.resumeAccount(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, accountId));
    }

    public void haltInstrument(final int instrumentId) throws IOException
    {
        session.sendData(encoder.haltInstrument(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, instrumentId));
    }

    public void resumeInstrument(final int instrumentId) throws IOException
    {
        session.sendData(encoder.resumeInstrument(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, instrumentId));
    }

    public void takeSnapshot(final long requestId) throws IOException
    {
        session.sendData(encoder.takeSnapshot(session.sendBuffer(), SoupBinTcp.HEADER_SIZE, requestId));
    }

    /** Sends any command as its message (tests and tools). */
    public void send(final Command command) throws IOException
    {
        session.sendData(encoder.encode(command, session.sendBuffer(), SoupBinTcp.HEADER_SIZE));
    }

    /** Sends raw bytes as one Unsequenced Data packet, unchecked (tests of the server's defences). */
    public void sendUnsequenced(final DirectBuffer payload, final int offset, final int length) throws IOException
    {
        session.sendBuffer().putBytes(SoupBinTcp.HEADER_SIZE, payload, offset, length);
        session.sendData(length);
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

    /** The session's callbacks, passed on to the listener. */
    private final class Handler implements SoupBinSession.Handler
    {
        @Override
        public void onSequenced(final long sequence, final DirectBuffer buffer, final int offset, final int length)
        {
            onMessage(sequence, buffer, offset, length);
        }

        @Override
        public void onUnsequenced(final DirectBuffer buffer, final int offset, final int length)
        {
            // A ProtocolReject: outside the stream, it takes no sequence number.
            onMessage(ExchangeListener.UNSEQUENCED, buffer, offset, length);
        }

        @Override
        public void onLoginAccepted(final String session, final long nextSequence)
        {
            listener.onLoginAccepted(session, nextSequence);
        }

        @Override
        public void onLoginRejected(final char reason)
        {
            listener.onLoginRejected(reason);
        }

        @Override
        public void onDisconnected(final String reason)
        {
            listener.onDisconnected(reason);
        }

        @Override
        public void onFailover(final InetSocketAddress address)
        {
            listener.onFailover(address);
        }

        @Override
        public void onSessionChanged(final String previousSession, final String session)
        {
            listener.onSessionChanged(previousSession, session);
        }

        @Override
        public void onGap(final long expectedSequence, final long nextSequence)
        {
            listener.onGap(expectedSequence, nextSequence);
        }

        @Override
        public void onEndOfSession()
        {
            listener.onEndOfSession();
        }
    }
}
