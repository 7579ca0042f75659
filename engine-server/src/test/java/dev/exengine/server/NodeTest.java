package dev.exengine.server;

import dev.exengine.client.ExchangeClient;
import dev.exengine.gateway.user.PasswordHash;
import dev.exengine.server.demo.TcpDemo;
import dev.exengine.server.gateway.GatewayFixture;
import dev.exengine.server.gateway.GatewayFixture.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        assertTrue(first.contains("trade 1: 0.20000000 BTC @ 65000.00 USD, a BUY took order 1 (0.00000000 BTC left)") &&
            first.contains("the reader's book is the engine's"), "the feed shows the trades and the book: " + first);

        final String second = runDemo();
        assertTrue(second.contains("book      BUY 0.20000000 BTC @ 64500.00 USD (2 orders)"),
            "the second run trades on top of the first one's state: " + second);
        assertTrue(second.contains("snapshot: every book") && second.contains("the reader's book is the engine's"),
            "a reader joining later starts from a snapshot: " + second);
    }

    @Test
    void shouldPrintEveryMessageOfEachUsersStreamWithoutAGap() throws IOException
    {
        runDemo();
        final String second = runDemo();
        final Map<String, Long> last = new HashMap<>();
        final Matcher line = Pattern.compile("(?m)^(\\w+) +#(\\d+) ").matcher(second);
        while (line.find())
        {
            final long sequence = Long.parseLong(line.group(2));
            final Long previous = last.put(line.group(1), sequence);
            if (previous != null)
            {
                assertEquals(previous + 1, sequence, line.group(1) + "'s stream has a gap:\n" + second);
            }
        }
        assertEquals(Set.of("admin", "alice", "bob", "feed"), last.keySet(), second);
        assertTrue(second.contains("is message 12 of alice's"), "#N is explained: " + second);
        assertTrue(second.contains("canceling 1 order(s) on instrument 1") && second.contains("changed   BTC") &&
            second.contains("done      query 3: 1 answer(s)"), second);
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

    @Test
    void shouldAcceptLoginsOnlyOnceTheStartingMarketIsSetUp() throws Exception
    {
        // A market whose last command opens alice's account, behind many others, and a client that logs in the moment
        // the port opens, with a password that costs one iteration, and asks for that account's balances.
        final int accounts = 20_000;
        final StringBuilder config = new StringBuilder()
            .append("user.alice.password = ").append(PasswordHash.create("pw".toCharArray(), 1)).append('\n')
            .append("user.alice.accounts = 1\n")
            .append("market.000000 = ADD_ASSET assetId=1 scale=0\n");
        for (int i = 1; i <= accounts; i++)
        {
            config.append(String.format("market.%06d = OPEN_ACCOUNT accountId=%d%n", i, 1_000 + i));
        }
        config.append(String.format("market.%06d = OPEN_ACCOUNT accountId=1%n", accounts + 1));
        final Path file = Files.writeString(data.resolve("market.properties"), config);
        final int port;
        try (ServerSocket probe = new ServerSocket(0))
        {
            port = probe.getLocalPort();
        }
        final Properties overrides = new Properties();
        overrides.setProperty("data", data.resolve("node").toString());
        overrides.setProperty("listen", "127.0.0.1:" + port);
        overrides.setProperty("admin.listen", "127.0.0.1:0");
        overrides.setProperty("market-data.listen", "127.0.0.1:0");
        final ServerSettings settings = ServerSettings.load(file, overrides);

        final Recorder alice = new Recorder();
        final CompletableFuture<Void> early = CompletableFuture.runAsync(() -> queryAsSoonAsListening(port, alice));
        try (Node node = Node.start(settings))
        {
            early.get(60, TimeUnit.SECONDS);
        }
        assertEquals(1, alice.count("QUERY_DONE"), alice::toString);
        assertEquals(0, alice.count("QUERY_REJECTED"), alice::toString);
    }

    private static void queryAsSoonAsListening(final int port, final Recorder recorder)
    {
        try (ExchangeClient client = new ExchangeClient(recorder).autoReconnect(false))
        {
            final long deadline = System.currentTimeMillis() + 30_000;
            while (!client.isConnected())
            {
                try
                {
                    client.connect("127.0.0.1", port);
                }
                catch (final IOException ex)
                {
                    if (System.currentTimeMillis() > deadline)
                    {
                        throw new UncheckedIOException(ex);
                    }
                    Thread.onSpinWait();
                }
            }
            assertTrue(client.login("alice", "pw", "", 0), recorder::toString);
            client.queryBalances(1, 1);
            GatewayFixture.pollUntil(() -> recorder.count("QUERY_") == 1, () -> recorder, client);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private String runDemo() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Node server = Node.start(settings());
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8))
        {
            new TcpDemo(print).run(server.address(), server.sessionId(), server.marketData().localAddress());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The demo's users and passwords with cheap hashes: the demo logs in three times a run. */
    @Test
    void shouldRefuseANewSessionOnAReplicatedNodeBeforeTouchingItsData()
    {
        final Properties overrides = new Properties();
        overrides.setProperty("data", data.resolve("node").toString());
        overrides.setProperty("listen", "127.0.0.1:0");
        overrides.setProperty("replication.listen", "127.0.0.1:0");
        final IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> Node.start(ServerSettings.load(null, overrides), true));
        assertTrue(refused.getMessage().contains("--new-session is not supported on a replicated node"),
            refused.getMessage());
        assertTrue(!Files.exists(data.resolve("node")), "nothing created");
    }

    private ServerSettings settings()
    {
        final Properties overrides = new Properties();
        overrides.setProperty("data", data.toString());
        overrides.setProperty("listen", "127.0.0.1:0");
        overrides.setProperty("admin.listen", "127.0.0.1:0");
        overrides.setProperty("market-data.listen", "127.0.0.1:0");
        for (final String user : new String[] {"admin", "alice", "bob"})
        {
            overrides.setProperty("user." + user + ".password",
                PasswordHash.create((user + "-demo").toCharArray(), 1_000).toString());
        }
        return ServerSettings.load(null, overrides);
    }
}
