package dev.exengine.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartChecksTest
{
    @TempDir
    Path directory;

    @Test
    void shouldRefuseAPortTakenWithTheOperatingSystemsReasonBeforeCreatingTheDataDirectory() throws IOException
    {
        final Path data = directory.resolve("data");
        try (ServerSocketChannel taken = ServerSocketChannel.open())
        {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            final int port = ((InetSocketAddress)taken.getLocalAddress()).getPort();

            final StartRefusedException thrown = assertThrows(StartRefusedException.class,
                () -> Node.start(settings(data, "127.0.0.1:" + port), false));

            assertTrue(thrown.getMessage().contains("cannot listen on 127.0.0.1:" + port +
                " (configuration key 'listen' (an override)): Address already in use"), thrown.getMessage());
            assertTrue(thrown.getMessage().endsWith("Nothing in the data directory was created or changed"),
                thrown.getMessage());
        }
        assertFalse(Files.exists(data), "the data directory was created");
    }

    @Test
    void shouldRefuseADataDirectoryThatCannotBeCreatedWithoutCreatingAnything() throws IOException
    {
        final Path file = Files.writeString(directory.resolve("a-file"), "not a directory");
        final Path data = file.resolve("data");

        final StartRefusedException thrown = assertThrows(StartRefusedException.class,
            () -> Node.start(settings(data, "127.0.0.1:0"), false));

        assertTrue(thrown.getMessage().contains("data directory " + data + " (configuration key 'data' (an " +
            "override)) cannot be created: " + file + " is not a directory"), thrown.getMessage());
    }

    @Test
    void shouldRefuseADataDirectoryThatIsAFile() throws IOException
    {
        final Path data = Files.writeString(directory.resolve("data"), "not a directory");

        final StartRefusedException thrown = assertThrows(StartRefusedException.class,
            () -> Node.start(settings(data, "127.0.0.1:0"), false));

        assertTrue(thrown.getMessage().contains("(configuration key 'data' (an override)) is not a directory"),
            thrown.getMessage());
        assertTrue(Files.isRegularFile(data));
    }

    @Test
    void shouldRefuseADataDirectoryItCannotWriteWithTheOperatingSystemsReason() throws IOException
    {
        final Path data = Files.createDirectory(directory.resolve("data"));
        assertTrue(data.toFile().setWritable(false, false));
        try
        {
            // root writes whatever the permissions say: nothing to refuse then.
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(data), "run as root");
            final StartRefusedException thrown = assertThrows(StartRefusedException.class,
                () -> Node.start(settings(data, "127.0.0.1:0"), false));

            assertTrue(thrown.getMessage().contains("is not writable: Permission denied"), thrown.getMessage());
            try (var listed = Files.list(data))
            {
                assertFalse(listed.findAny().isPresent(), "something was created in the data directory");
            }
        }
        finally
        {
            data.toFile().setWritable(true, false);
        }
    }

    private static ServerSettings settings(final Path data, final String listen)
    {
        final Properties overrides = new Properties();
        overrides.setProperty("data", data.toString());
        overrides.setProperty("listen", listen);
        overrides.setProperty("market-data.listen", "off");
        return ServerSettings.load(null, overrides);
    }
}
