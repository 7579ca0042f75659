package dev.exengine.server;

import dev.exengine.server.demo.TcpDemo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeTest
{
    @TempDir
    Path data;

    @Test
    void shouldServeTheDemoOverTcpAndKeepTheMarketAcrossRestarts() throws IOException
    {
        final String first = runDemo();
        assertTrue(first.contains("alice #") && first.contains("trade     BUY 0.20000000 BTC @ 65000.00 USD as taker"),
            first);
        assertTrue(first.contains("book      BUY 0.10000000 BTC @ 64500.00 USD (1 orders)"), first);

        final String second = runDemo();
        assertTrue(second.contains("book      BUY 0.20000000 BTC @ 64500.00 USD (2 orders)"),
            "the second run trades on top of the first one's state: " + second);
    }

    @Test
    void shouldNotSetUpTheMarketTwice() throws IOException
    {
        final long firstHash;
        try (Node server = Node.start(settings()))
        {
            firstHash = server.shutdown();
        }
        try (Node server = Node.start(settings()))
        {
            assertEquals(firstHash, server.shutdown());
        }
        assertNotEquals(0, firstHash);
    }

    private String runDemo() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Node server = Node.start(settings());
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8))
        {
            new TcpDemo(print).run(server.address(), server.sessionId());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private ServerSettings settings()
    {
        final Properties overrides = new Properties();
        overrides.setProperty("data", data.toString());
        overrides.setProperty("listen", "127.0.0.1:0");
        return ServerSettings.load(null, overrides);
    }
}
