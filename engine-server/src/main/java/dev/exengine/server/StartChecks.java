package dev.exengine.server;

import dev.exengine.storage.DataDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a node's start makes sure of before it creates or changes anything in its data directory, so that a start
 * refused for a port taken or a directory it cannot write leaves the directory as it was (not even created): every
 * address it listens on can be bound now, and the data directory, every directory and file in it that the node writes,
 * or the directory it is to be created in, is writable. Each refusal names the option or key, the path or address and
 * the operating system's reason. A port checked here could still be taken before the node binds it; the bind then
 * fails with the same reason, after the recovery.
 */
final class StartChecks
{
    private static final String UNCHANGED = ". Nothing in the data directory was created or changed";

    private StartChecks()
    {
    }

    /** @throws StartRefusedException saying what stops the start. */
    static void run(final ServerSettings settings)
    {
        dataDirectory(settings.dataDirectory(), settings.values().subject("data"));
        for (final Map.Entry<String, InetSocketAddress> listen : settings.listenAddresses().entrySet())
        {
            canListen(listen.getValue(), settings.values().subject(listen.getKey()));
        }
    }

    static void canListen(final InetSocketAddress address, final String subject)
    {
        if (address.getPort() == 0)
        {
            return;
        }
        // Bound, never listening: a listening probe would complete the handshake of a client that connects at that
        // moment, and reset it when it closes. SO_REUSEADDR as the server's own socket has, so that only a listener
        // holding the port refuses the bind, not connections of an earlier run lingering in TIME_WAIT.
        try (SocketChannel probe = SocketChannel.open())
        {
            probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            probe.bind(address);
        }
        catch (final IOException ex)
        {
            throw new StartRefusedException("cannot listen on " + address.getHostString() + ":" + address.getPort() +
                " (" + subject + "): " + OsReason.of(ex) + UNCHANGED, ex);
        }
    }

    static void dataDirectory(final Path data, final String subject)
    {
        final Path directory = data.toAbsolutePath().normalize();
        if (!Files.exists(directory))
        {
            Path parent = directory.getParent();
            while (parent != null && !Files.exists(parent))
            {
                parent = parent.getParent();
            }
            if (parent == null || !Files.isDirectory(parent))
            {
                throw refused(directory, subject, "cannot be created: " + parent + " is not a directory", null);
            }
            access(directory, parent, subject, "cannot be created in " + parent, AccessMode.WRITE,
                AccessMode.EXECUTE);
            return;
        }
        if (!Files.isDirectory(directory))
        {
            throw refused(directory, subject, "is not a directory", null);
        }
        access(directory, directory, subject, "is not writable", AccessMode.READ, AccessMode.WRITE,
            AccessMode.EXECUTE);
        for (final String written : new String[] {DataDirectory.JOURNAL, DataDirectory.SNAPSHOTS,
            DataDirectory.GATEWAY})
        {
            final Path part = directory.resolve(written);
            if (Files.exists(part))
            {
                writableTree(directory, part, subject);
            }
        }
    }

    /** Every directory and file the node may write, the gateway's archived sessions aside. */
    private static void writableTree(final Path directory, final Path root, final String subject)
    {
        final Path archive = root.resolve("sessions");
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.filter(path -> !path.startsWith(archive)).forEach(path ->
            {
                final String what = "holds " + path + ", which is not writable";
                if (Files.isDirectory(path))
                {
                    access(directory, path, subject, what, AccessMode.READ, AccessMode.WRITE, AccessMode.EXECUTE);
                }
                else
                {
                    access(directory, path, subject, what, AccessMode.READ, AccessMode.WRITE);
                }
            });
        }
        catch (final IOException | UncheckedIOException ex)
        {
            final IOException cause = ex instanceof IOException io ? io : ((UncheckedIOException)ex).getCause();
            throw refused(directory, subject, "holds " + root + ", which cannot be read", cause);
        }
    }

    private static void access(
        final Path directory, final Path path, final String subject, final String what, final AccessMode... modes)
    {
        try
        {
            path.getFileSystem().provider().checkAccess(path, modes);
        }
        catch (final IOException ex)
        {
            throw refused(directory, subject, what, ex);
        }
    }

    private static StartRefusedException refused(
        final Path directory, final String subject, final String what, final IOException cause)
    {
        return new StartRefusedException("data directory " + directory + " (" + subject + ") " + what +
            (cause == null ? "" : ": " + OsReason.of(cause)) + UNCHANGED, cause);
    }
}
