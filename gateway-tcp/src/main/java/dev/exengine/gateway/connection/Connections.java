package dev.exengine.gateway.connection;

import dev.exengine.gateway.GatewayAudit;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.GatewayMetrics;
import dev.exengine.protocol.soupbin.PacketHandler;
import dev.exengine.protocol.soupbin.PacketReader;
import dev.exengine.protocol.soupbin.ReadyKeys;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's TCP side: the listening socket, every open {@link Connection}, and the NIO selector over them.
 * It accepts (within the configured limits, shedding idle connections not logged in to make room: {@link Admission}),
 * reads and frames what clients send (SoupBinTCP packets, handed to its {@link Handler}), writes what is queued for
 * them, runs their heartbeat and timeout timers, and ends them. Owned by the gateway's thread; allocates nothing per
 * packet after warm-up (accepting a connection allocates). It counts the open connections and logged-in
 * sessions, and every connection's end by its reason, once ({@link GatewayMetrics}).
 */
public final class Connections implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(Connections.class.getName());
    /** Connections taken from the listen backlog per poll at most, so that a flood of them does not starve reading. */
    static final int ACCEPTS_PER_POLL = 64;

    /** What the connections hand on: every framed packet, and every connection that ended. */
    public interface Handler
    {
        /**
         * @return false to stop dispatching this connection's received packets for now (its state changed).
         */
        boolean onPacket(Connection connection, byte type, DirectBuffer buffer, int offset, int length);

        /** The connection ended and its socket is closed; called once. */
        void onClosed(Connection connection);
    }

    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final GatewayAudit audit;
    private final Selector selector;
    private final List<Connection> open = new ArrayList<>();
    /** Kept in a field, so that a read allocates nothing; its inputs are set before each use. */
    private final PacketHandler packetHandler = this::onDispatchedPacket;
    private final ReadyKeys readyKeys;
    private final Acceptor acceptor;
    private final Admission admission;
    private Handler handler;
    private Connection dispatching;
    /** The time of the latest poll or timer run, for what happens in between without a time of its own. */
    private long nowMillis;

    public Connections(final GatewayConfig config, final GatewayMetrics metrics, final GatewayAudit audit)
    {
        this.config = config;
        this.metrics = metrics;
        this.audit = audit;
        this.acceptor = new Acceptor(config);
        this.admission = new Admission(config, metrics, audit, open);
        try
        {
            this.selector = Selector.open();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open a selector", ex);
        }
        this.readyKeys = new ReadyKeys(selector, this::onReady);
    }

    /** The selector the gateway's idle strategy waits on. */
    public Selector selector()
    {
        return selector;
    }

    /**
     * Binds the listen address, handing every packet and ended connection to {@code handler} once it accepts
     * ({@link #startAccepting()}).
     *
     * @throws UncheckedIOException naming the address and the reason when it cannot be bound.
     */
    public void listen(final Handler handler)
    {
        this.handler = handler;
        acceptor.listen(selector);
    }

    /** Takes the connections that came since {@link #listen} and every new one. */
    public void startAccepting()
    {
        acceptor.startAccepting();
    }

    /** The bound address (with the actual port when port 0 was configured). */
    public InetSocketAddress localAddress()
    {
        return acceptor.localAddress();
    }

    /** Closes the listening socket; open connections go on. */
    public void stopAccepting()
    {
        acceptor.close();
    }

    /** Every open connection, in the order they came; read it, do not change it. */
    public List<Connection> open()
    {
        return open;
    }

    /**
     * Handles what the selector finds ready: accepts, reads and dispatches, writes. It allocates nothing
     * ({@link ReadyKeys}).
     *
     * @return how many keys were ready.
     */
    public int poll(final long nowMillis) throws IOException
    {
        this.nowMillis = nowMillis;
        return readyKeys.selectNow();
    }

    private void onReady(final SelectionKey key) throws IOException
    {
        if (key.isAcceptable())
        {
            acceptWaiting(nowMillis);
            return;
        }
        final Connection connection = (Connection)key.attachment();
        if (key.isReadable())
        {
            onReadable(connection, nowMillis);
        }
        if (key.isValid() && key.isWritable())
        {
            onWritable(connection, key);
        }
    }

    /** Hands on the packets a connection has received and not yet dispatched (after a pause). */
    public void dispatch(final Connection connection)
    {
        final int result;
        try
        {
            dispatching = connection;
            result = connection.reader().dispatch(packetHandler);
        }
        catch (final RuntimeException ex)
        {
            metrics.internalError();
            LOG.log(System.Logger.Level.ERROR, "connection " + connection.remoteAddress() + " failed; closing it", ex);
            end(connection, DisconnectReason.INTERNAL_ERROR, "internal error");
            return;
        }
        finally
        {
            // Not to keep a closed connection (and its send buffer) reachable until the next read.
            dispatching = null;
        }
        if (result == PacketReader.FRAMING_ERROR)
        {
            violation(connection, "bad packet length");
        }
    }

    /** Stops reading from a connection (its login is being checked); what arrives waits in the socket. */
    public void pauseReading(final Connection connection)
    {
        final SelectionKey key = connection.channel().keyFor(selector);
        if (key != null && key.isValid())
        {
            key.interestOps(0);
        }
    }

    public void resumeReading(final Connection connection)
    {
        final SelectionKey key = connection.channel().keyFor(selector);
        if (key != null && key.isValid())
        {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    /**
     * Ends connections that missed their login or went silent, closes those whose close timeout is up, sends
     * heartbeats where nothing went out lately, and reports connections shed or refused when a report is due.
     *
     * @return how many connections were touched.
     */
    public int checkTimers(final long nowMillis)
    {
        this.nowMillis = nowMillis;
        int work = admission.report(nowMillis);
        for (int i = open.size() - 1; i >= 0; i--)
        {
            final Connection connection = open.get(i);
            final String timeout = connection.timedOut(nowMillis, config.loginTimeoutMillis());
            if (connection.closeDue(nowMillis))
            {
                close(connection, connection.closeReason());
                work++;
            }
            else if (timeout != null)
            {
                end(connection, connection.isLoggingIn() ? DisconnectReason.LOGIN_TIMEOUT : DisconnectReason.IDLE_TIMEOUT,
                    timeout);
                work++;
            }
            else if (connection.heartbeatDue(nowMillis, config.heartbeatIntervalMillis()))
            {
                connection.sendEmpty(SoupBinTcp.SERVER_HEARTBEAT, nowMillis);
                work++;
            }
        }
        return work;
    }

    /**
     * Writes what is queued for every connection, as far as each socket takes it, and watches those whose socket was
     * full for room; shuts the output of closing connections that have written everything.
     *
     * @return how many connections wrote something or shut their output.
     */
    public int flush()
    {
        int work = 0;
        for (int i = open.size() - 1; i >= 0; i--)
        {
            final Connection connection = open.get(i);
            final int pending = connection.pendingBytes();
            if (pending == 0 && !connection.mustShutOutput())
            {
                continue;
            }
            try
            {
                if (!connection.flush())
                {
                    watchWritable(connection);
                }
                else if (connection.mustShutOutput())
                {
                    connection.shutOutput();
                }
                // A socket that took nothing is no work: its selector key wakes the gateway when there is room. With
                // nothing pending, the output was shut.
                work += pending == 0 || connection.pendingBytes() != pending ? 1 : 0;
            }
            catch (final IOException ex)
            {
                end(connection, DisconnectReason.IO_ERROR, "write failed: " + ex.getMessage());
            }
        }
        return work;
    }

    /**
     * Sends a message to this session only, as Unsequenced Data ({@link Connection#offerUnsequenced}); a session that
     * cannot take it (the client stopped reading) is disconnected like one that cannot take a live message.
     */
    public void sendUnsequenced(
        final Connection connection, final DirectBuffer payload, final int offset, final int length,
        final long nowMillis)
    {
        try
        {
            if (!connection.offerUnsequenced(payload, offset, length, nowMillis))
            {
                disconnect(connection, DisconnectReason.SLOW_CONSUMER, "send buffer full: client not reading", nowMillis);
            }
        }
        catch (final IOException ex)
        {
            end(connection, DisconnectReason.IO_ERROR, "write failed: " + ex.getMessage());
        }
    }

    /**
     * Ends a session gracefully: it gets nothing more and nothing more it sends is handled, but what is queued for it
     * is written (Login Rejected, the answers before an abuse disconnect); then the server's side is shut, and the
     * socket closes once the client has closed its side too, or at the close timeout. Meanwhile whatever the client
     * sends is read and dropped: a socket closed with input unread would send a reset, which can destroy the answers
     * the client has not read yet. SO_LINGER stays off: a linger would block the gateway's thread, and a zero linger
     * is that reset. No effect on a session already ending.
     */
    public void disconnect(
        final Connection connection, final DisconnectReason why, final String reason, final long nowMillis)
    {
        if (connection.isClosing())
        {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "ending the session of " + connection.remoteAddress() +
            (connection.user() != null ? " (" + connection.user().name() + ")" : "") + ": " + reason);
        metrics.disconnected(why);
        connection.closing(reason, nowMillis + config.closeTimeoutMillis());
        countSessions();
        // Reading goes on, also after a login that paused it: what comes is dropped (onReadable).
        final SelectionKey key = connection.channel().keyFor(selector);
        if (key != null && key.isValid())
        {
            key.interestOps(key.interestOps() | SelectionKey.OP_READ);
        }
    }

    /**
     * Ends every connection that is logged in.
     *
     * @return how many.
     */
    public int endLoggedIn(final DisconnectReason why, final String reason)
    {
        int ended = 0;
        for (int i = open.size() - 1; i >= 0; i--)
        {
            final Connection connection = open.get(i);
            if (connection.state() == ConnectionState.ACTIVE)
            {
                end(connection, why, reason);
                ended++;
            }
        }
        return ended;
    }

    /** Ends a connection for breaking SoupBinTCP. */
    public void violation(final Connection connection, final String what)
    {
        audit.protocolViolation(connection, what, nowMillis);
        end(connection, DisconnectReason.PROTOCOL_VIOLATION, "protocol violation: " + what);
    }

    /**
     * Closes a connection at once and forgets it; idempotent. Counted under {@code why} unless its session had
     * already ended ({@link #disconnect}), which counted it then.
     */
    public void end(final Connection connection, final DisconnectReason why, final String reason)
    {
        if (!connection.isClosing())
        {
            metrics.disconnected(why);
        }
        close(connection, reason);
    }

    /** A login completed (or not): the logged-in sessions are counted again. */
    public void countSessions()
    {
        int loggedIn = 0;
        for (int i = 0; i < open.size(); i++)
        {
            loggedIn += open.get(i).state() == ConnectionState.ACTIVE ? 1 : 0;
        }
        metrics.sessions(open.size(), loggedIn);
    }

    private void close(final Connection connection, final String reason)
    {
        if (connection.state() == ConnectionState.CLOSED)
        {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "closing connection of " + connection.remoteAddress() +
            (connection.user() != null ? " (" + connection.user().name() + ")" : "") + ": " + reason);
        connection.close(reason);
        open.remove(connection);
        admission.forget(connection);
        countSessions();
        handler.onClosed(connection);
    }

    /**
     * At shutdown: offers every connection what is queued for it, then closes it. A client that cannot take its last
     * bytes replays them at its next login.
     */
    public void closeAll(final DisconnectReason why, final String reason)
    {
        for (int i = open.size() - 1; i >= 0; i--)
        {
            final Connection connection = open.get(i);
            try
            {
                connection.flush();
            }
            catch (final IOException ignored)
            {
                // Shutting down: what it did not take is in its stream, for its next login.
            }
            end(connection, why, reason);
        }
    }

    /** Closes the selector, the listening socket and, should any be left, the connections' sockets. */
    @Override
    public void close()
    {
        for (int i = 0; i < open.size(); i++)
        {
            closeQuietly(open.get(i).channel());
        }
        open.clear();
        metrics.sessions(0, 0);
        acceptor.close();
        closeQuietly(selector);
    }

    /**
     * Takes the connections waiting in the listen backlog, up to {@link #ACCEPTS_PER_POLL}: each comes in if it fits
     * ({@link Admission}), after idle connections not logged in were shed to make room if need be; else it is closed
     * at once, so that the backlog never fills with connections that would be refused anyway.
     */
    private void acceptWaiting(final long nowMillis) throws IOException
    {
        for (int i = 0; i < ACCEPTS_PER_POLL; i++)
        {
            final SocketChannel accepted = acceptor.accept();
            if (accepted == null)
            {
                return;
            }
            admit(accepted, nowMillis);
        }
    }

    private void admit(final SocketChannel accepted, final long nowMillis)
    {
        final String address = Acceptor.remoteAddress(accepted);
        if (address == null)
        {
            closeQuietly(accepted);
            return;
        }
        Connection idle;
        while ((idle = admission.toShed(address)) != null)
        {
            end(idle, DisconnectReason.SHED, "shed: room for a new connection");
            admission.shed(idle, nowMillis);
        }
        if (!admission.admits(address))
        {
            admission.refused(address, nowMillis);
            closeQuietly(accepted);
            return;
        }
        final Connection connection = acceptor.open(selector, accepted, address, nowMillis);
        if (connection != null)
        {
            open.add(connection);
            admission.admitted(connection);
            countSessions();
        }
    }

    private void onReadable(final Connection connection, final long nowMillis)
    {
        if (connection.state() == ConnectionState.AUTHENTICATING || connection.isClosed())
        {
            return;
        }
        final boolean closing = connection.isClosing();
        if (closing)
        {
            // The session has ended: what the client still sends is read only to be dropped.
            connection.reader().clear();
        }
        final int read;
        try
        {
            read = connection.channel().read(connection.reader().receiveBuffer());
        }
        catch (final IOException ex)
        {
            end(connection, DisconnectReason.IO_ERROR, "read failed: " + ex.getMessage());
            return;
        }
        if (read < 0)
        {
            end(connection, DisconnectReason.PEER_CLOSED, "closed by peer");
            return;
        }
        if (read > 0 && !closing)
        {
            connection.received(nowMillis);
            dispatch(connection);
        }
    }

    private void onWritable(final Connection connection, final SelectionKey key)
    {
        try
        {
            if (connection.flush())
            {
                key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
                if (connection.mustShutOutput())
                {
                    connection.shutOutput();
                }
            }
        }
        catch (final IOException ex)
        {
            end(connection, DisconnectReason.IO_ERROR, "write failed: " + ex.getMessage());
        }
    }

    private void watchWritable(final Connection connection)
    {
        final SelectionKey key = connection.channel().keyFor(selector);
        if (key != null && key.isValid())
        {
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
    }

    private boolean onDispatchedPacket(final byte type, final DirectBuffer buffer, final int offset, final int length)
    {
        return !dispatching.isClosing() && handler.onPacket(dispatching, type, buffer, offset, length);
    }

    static void closeQuietly(final AutoCloseable closeable)
    {
        if (closeable == null)
        {
            return;
        }
        try
        {
            closeable.close();
        }
        catch (final Exception ignored)
        {
            // Closing during shutdown or after a failure: nothing left to do with it.
        }
    }
}
