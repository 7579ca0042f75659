package dev.exengine.gateway.connection;

import dev.exengine.gateway.GatewayAudit;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.GatewayMetrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * The listening socket and who gets in: a connection is refused at once when the table of open connections is full, or
 * when its address already has the most connections allowed that have not logged in. Owned by the gateway's thread.
 */
final class Acceptor implements AutoCloseable
{
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final GatewayAudit audit;
    private ServerSocketChannel channel;
    private SelectionKey key;

    Acceptor(final GatewayConfig config, final GatewayMetrics metrics, final GatewayAudit audit)
    {
        this.config = config;
        this.metrics = metrics;
        this.audit = audit;
    }

    /**
     * Binds the listen address, taking no connection yet ({@link #startAccepting()}): the operating system completes
     * the handshakes of those that come and queues them.
     *
     * @throws UncheckedIOException naming the address and the operating system's reason when it cannot be bound.
     */
    void listen(final Selector selector)
    {
        try
        {
            channel = ServerSocketChannel.open();
            channel.bind(config.listenAddress(), 128);
            channel.configureBlocking(false);
            key = channel.register(selector, 0);
        }
        catch (final IOException ex)
        {
            close();
            throw new UncheckedIOException("cannot listen on " + config.listenAddress() + ": " + ex.getMessage(), ex);
        }
    }

    InetSocketAddress localAddress()
    {
        try
        {
            return (InetSocketAddress)channel.getLocalAddress();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Takes a waiting connection, if it may come in.
     *
     * @param open the connections open now.
     * @return the new connection, registered for reading, or null when none was waiting or it was refused.
     */
    Connection accept(final Selector selector, final List<Connection> open, final long nowMillis) throws IOException
    {
        final SocketChannel accepted = channel.accept();
        if (accepted == null)
        {
            return null;
        }
        if (open.size() >= config.maxConnections())
        {
            refuse(accepted, GatewayMetrics.ShedLimit.MAX_CONNECTIONS, "all " + config.maxConnections() +
                " connections are taken", nowMillis);
            return null;
        }
        try
        {
            final String address = addressOf(accepted);
            if (loggingInFrom(open, address) >= config.maxUnauthenticatedPerAddress())
            {
                refuse(accepted, GatewayMetrics.ShedLimit.MAX_UNAUTHENTICATED_PER_ADDRESS, "the address has " +
                    config.maxUnauthenticatedPerAddress() + " connections that have not logged in", nowMillis);
                return null;
            }
            accepted.configureBlocking(false);
            accepted.socket().setTcpNoDelay(true);
            if (config.socketSendBufferBytes() > 0)
            {
                accepted.setOption(StandardSocketOptions.SO_SNDBUF, config.socketSendBufferBytes());
            }
            final Connection connection = new Connection(accepted, address,
                config.maxPacketLength(), config.sendBufferBytes(), nowMillis);
            accepted.register(selector, SelectionKey.OP_READ, connection);
            return connection;
        }
        catch (final IOException ex)
        {
            Connections.closeQuietly(accepted);
            return null;
        }
    }

    /** From now on takes the connections queued since {@link #listen} and every new one. */
    void startAccepting()
    {
        if (key.isValid())
        {
            key.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** Closes the listening socket; idempotent. */
    @Override
    public void close()
    {
        Connections.closeQuietly(channel);
    }

    private void refuse(
        final SocketChannel accepted, final GatewayMetrics.ShedLimit limit, final String reason, final long nowMillis)
    {
        metrics.shed(limit);
        String address;
        try
        {
            address = addressOf(accepted);
        }
        catch (final IOException ex)
        {
            address = "unknown (" + ex.getMessage() + ")";
        }
        audit.connectionShed(address, reason, nowMillis);
        Connections.closeQuietly(accepted);
    }

    private static String addressOf(final SocketChannel accepted) throws IOException
    {
        return ((InetSocketAddress)accepted.getRemoteAddress()).getAddress().getHostAddress();
    }

    /** Open connections from this address that have not logged in; a scan, since accepting is rare. */
    private static int loggingInFrom(final List<Connection> open, final String address)
    {
        int count = 0;
        for (int i = 0; i < open.size(); i++)
        {
            final Connection connection = open.get(i);
            if (connection.isLoggingIn() && connection.remoteAddress().equals(address))
            {
                count++;
            }
        }
        return count;
    }
}
