package dev.exengine.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy between a standby and its primary that a test can cut (both sockets close, mid-stream) or stall in one
 * direction (bytes stop flowing that way while the connection stays up). Accepts again after a cut. Every thread and
 * socket it opens, it closes.
 */
final class CuttableProxy implements AutoCloseable
{
    private final ServerSocket listening;
    private final InetSocketAddress upstream;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicLong downstreamBytes = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean stallUpstream;
    private volatile boolean stallDownstream;
    private volatile boolean closed;

    CuttableProxy(final InetSocketAddress upstream) throws IOException
    {
        this.upstream = upstream;
        this.listening = new ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.start();
    }

    InetSocketAddress address()
    {
        return new InetSocketAddress(listening.getInetAddress(), listening.getLocalPort());
    }

    /** Bytes forwarded from the primary to the standby so far. */
    long downstreamBytes()
    {
        return downstreamBytes.get();
    }

    /** Closes both ends of every connection now; the standby reconnects through the proxy. */
    void cut()
    {
        for (final Socket socket : sockets)
        {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    /** Stops (or resumes) forwarding what the standby sends: its acknowledgements and heartbeats. */
    void stallUpstream(final boolean stall)
    {
        stallUpstream = stall;
    }

    /** Stops (or resumes) forwarding what the primary sends: records, marks and heartbeats. */
    void stallDownstream(final boolean stall)
    {
        stallDownstream = stall;
    }

    @Override
    public void close() throws InterruptedException
    {
        closed = true;
        closeQuietly(listening);
        cut();
        acceptor.join();
        for (final Thread thread : threads)
        {
            thread.join();
        }
    }

    private void accept()
    {
        while (!closed)
        {
            try
            {
                final Socket standby = listening.accept();
                final Socket primary = new Socket(upstream.getAddress(), upstream.getPort());
                sockets.add(standby);
                sockets.add(primary);
                pump(standby, primary, true);
                pump(primary, standby, false);
            }
            catch (final IOException ex)
            {
                if (!closed)
                {
                    continue;
                }
                return;
            }
        }
    }

    private void pump(final Socket from, final Socket to, final boolean upstreamDirection)
    {
        final Thread thread = new Thread(() ->
        {
            final byte[] chunk = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream())
            {
                int read;
                while ((read = in.read(chunk)) >= 0)
                {
                    while (upstreamDirection ? stallUpstream : stallDownstream)
                    {
                        if (from.isClosed())
                        {
                            return;
                        }
                        Thread.sleep(1);
                    }
                    out.write(chunk, 0, read);
                    if (!upstreamDirection)
                    {
                        downstreamBytes.addAndGet(read);
                    }
                }
            }
            catch (final IOException | InterruptedException ex)
            {
                // Cut: the other pump sees its socket closed too.
            }
            finally
            {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, upstreamDirection ? "proxy-up" : "proxy-down");
        threads.add(thread);
        thread.start();
    }

    private static void closeQuietly(final AutoCloseable closeable)
    {
        try
        {
            closeable.close();
        }
        catch (final Exception ignored)
        {
            // Cutting on purpose.
        }
    }
}
