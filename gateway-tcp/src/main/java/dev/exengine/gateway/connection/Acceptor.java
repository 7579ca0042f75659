package dev.exengine.gateway.connection;

import dev.exengine.gateway.GatewayConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The listening socket: takes the connections the operating system completed, and lets in those {@link Admission}
 * admits. Owned by the gateway's thread.
 */
final class Acceptor implements AutoCloseable
{
    /**
     * Completed handshakes the operating system queues until they are taken: a burst of connections waits there
     * rather than have its SYNs dropped (a dropped SYN costs the client a second or more). Linux caps it at
     * net.core.somaxconn (4096 by default since 5.4).
     */
    private static final int BACKLOG = 1024;

    private final GatewayConfig config;
    private ServerSocketChannel channel;
    private SelectionKey key;

    Acceptor(final GatewayConfig config)
    {
        this.config = config;
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
            channel.bind(config.listenAddress(), BACKLOG);
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
     * Takes a connection the operating system has completed, if one is waiting.
     *
     * @return the connection's socket, not yet configured, or null when none was waiting.
     */
    SocketChannel accept() throws IOException
    {
        return channel.accept();
    }

    /**
     * Lets a connection in ({@link Admission} said it may): non-blocking, no delay, registered for reading.
     *
     * @return the connection, or null when its socket broke meanwhile (it is closed).
     */
    Connection open(final Selector selector, final SocketChannel accepted, final String address, final long nowMillis)
    {
        try
        {
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

    /** @return the remote address of an accepted socket as text, or null when its socket broke meanwhile. */
    static String remoteAddress(final SocketChannel accepted)
    {
        try
        {
            return ((InetSocketAddress)accepted.getRemoteAddress()).getAddress().getHostAddress();
        }
        catch (final IOException ex)
        {
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
}
