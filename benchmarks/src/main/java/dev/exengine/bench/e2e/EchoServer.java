package dev.exengine.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The raw TCP floor: a loopback server that writes back every byte it reads, one blocking thread per connection,
 * no framing, no logic. What the engine adds on top of this is what the harness attributes to the engine.
 */
public final class EchoServer implements AutoCloseable
{
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public EchoServer() throws IOException
    {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::accept, "echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public InetSocketAddress address()
    {
        return (InetSocketAddress)server.getLocalSocketAddress();
    }

    private void accept()
    {
        try
        {
            while (!server.isClosed())
            {
                final Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                sockets.add(socket);
                final Thread echo = new Thread(() -> echo(socket), "echo-" + sockets.size());
                echo.setDaemon(true);
                echo.start();
            }
        }
        catch (final IOException ex)
        {
            // Closed: the run is over.
        }
    }

    private static void echo(final Socket socket)
    {
        final byte[] buffer = new byte[64 * 1024];
        try (InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream())
        {
            int read;
            while ((read = in.read(buffer)) > 0)
            {
                out.write(buffer, 0, read);
            }
        }
        catch (final IOException ex)
        {
            // The client closed the connection.
        }
    }

    @Override
    public void close() throws IOException
    {
        server.close();
        for (final Socket socket : sockets)
        {
            socket.close();
        }
    }
}
