package dev.exengine.server;

import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.gateway.user.PasswordHash;
import dev.exengine.journal.JournalReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Cluster members with their gateways in this process ({@link ClusterNode}), configured as an operator would (one
 * configuration file: users, market, the cluster.* keys at test sizes), on 127.0.0.1, data under one directory; and
 * the clients that trade through them. Closes what it started.
 */
final class ClusterFixture implements AutoCloseable
{
    static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);
    static final long ALICE = 1;
    static final long BOB = 2;
    /** Commands a trader has sent and not seen answered, at most. */
    static final int IN_FLIGHT = 256;

    private final Path dir;
    private final int members;
    private final Path config;
    private final ClusterNode[] nodes;
    private final List<ExchangeClient> clients = new ArrayList<>();

    ClusterFixture(final Path dir, final String name, final int members, final int portBase,
        final Map<String, String> extraKeys) throws IOException
    {
        this.dir = dir;
        this.members = members;
        this.nodes = new ClusterNode[members];
        this.config = dir.resolve("engine.properties");
        final Map<String, String> keys = configuration(dir, name, members, portBase);
        keys.putAll(extraKeys);
        final Properties properties = new Properties();
        properties.putAll(keys);
        try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8))
        {
            properties.store(writer, "a test cluster");
        }
    }

    /** A whole configuration, as an operator's file: users and market replace the demo's. */
    static Map<String, String> configuration(final Path dir, final String name, final int members, final int portBase)
    {
        final Map<String, String> keys = new LinkedHashMap<>();
        keys.put("data", dir.resolve("data").toString());
        keys.put("user.alice.password", PasswordHash.create("alicepw".toCharArray(), 1_000).toString());
        keys.put("user.alice.accounts", String.valueOf(ALICE));
        keys.put("user.bob.password", PasswordHash.create("bobpw".toCharArray(), 1_000).toString());
        keys.put("user.bob.accounts", String.valueOf(BOB));
        keys.put("gateway.commands-per-second", "1000000");
        keys.put("gateway.command-burst", "1000000");
        keys.put("market.01", "ADD_ASSET assetId=1 scale=4");
        keys.put("market.02", "ADD_ASSET assetId=2 scale=8");
        keys.put("market.03", "OPEN_ACCOUNT accountId=100");
        keys.put("market.04", "OPEN_ACCOUNT accountId=1");
        keys.put("market.05", "OPEN_ACCOUNT accountId=2");
        keys.put("market.06", "ADD_INSTRUMENT instrumentId=1 baseAssetId=2 quoteAssetId=1 tickSize=100 " +
            "lotSize=100000 tickValue=10 minQuantity=100000 maxQuantity=10000000000 makerFeePpm=100 takerFeePpm=500 " +
            "feeAccountId=100");
        keys.put("market.07", "DEPOSIT accountId=1 assetId=1 amount=100000000000000");
        keys.put("market.08", "DEPOSIT accountId=1 assetId=2 amount=100000000000000");
        keys.put("market.09", "DEPOSIT accountId=2 assetId=1 amount=100000000000000");
        keys.put("market.10", "DEPOSIT accountId=2 assetId=2 amount=100000000000000");
        keys.putAll(clusterKeys(name, members, portBase));
        return keys;
    }

    /** The cluster's keys at test sizes: small terms and segments, a 1 s heartbeat timeout, gateways on any port. */
    static Map<String, String> clusterKeys(final String name, final int members, final int portBase)
    {
        final Map<String, String> keys = new LinkedHashMap<>();
        keys.put("cluster.name", name);
        keys.put("cluster.members", String.join(",", java.util.Collections.nCopies(members, "127.0.0.1")));
        keys.put("cluster.port-base", String.valueOf(portBase));
        keys.put("cluster.listen", String.join(",", java.util.Collections.nCopies(members, "127.0.0.1:0")));
        keys.put("cluster.admin-listen", String.join(",", java.util.Collections.nCopies(members, "127.0.0.1:0")));
        keys.put("cluster.heartbeat-interval-ms", "100");
        keys.put("cluster.heartbeat-timeout-ms", "1000");
        keys.put("cluster.election-timeout-ms", "500");
        keys.put("cluster.startup-canvass-timeout-ms", "3000");
        keys.put("cluster.session-timeout-ms", "5000");
        keys.put("cluster.new-leader-timeout-ms", "4000");
        keys.put("cluster.message-timeout-ms", "4000");
        keys.put("cluster.resend-after-ms", "500");
        keys.put("cluster.ingress-window", "4096");
        keys.put("cluster.log-term-length", "1m");
        keys.put("cluster.ingress-term-length", "256k");
        keys.put("cluster.egress-term-length", "64k");
        keys.put("cluster.driver-term-length", "256k");
        keys.put("cluster.archive-segment-length", "8m");
        keys.put("cluster.snapshot-every", "0");
        return keys;
    }

    Path config()
    {
        return config;
    }

    Path data()
    {
        return dir.resolve("data");
    }

    /** The settings of member {@code id}: the file, with --member. */
    ServerSettings settings(final int id)
    {
        final Properties overrides = new Properties();
        overrides.setProperty("cluster.member-id", String.valueOf(id));
        overrides.setProperty("cluster.aeron-dir", "/dev/shm/exengine-test-" + dir.getFileName() + "-" + id);
        return ServerSettings.load(config, overrides);
    }

    /** Starts a member and its gateway; returns once it serves clients. */
    ClusterNode start(final int id)
    {
        if (nodes[id] != null)
        {
            throw new IllegalStateException("member " + id + " runs");
        }
        nodes[id] = ClusterNode.start(settings(id));
        return nodes[id];
    }

    /** Starts every member at once (each waits for a majority), returning once all serve. */
    void startAll()
    {
        final List<Thread> starting = new ArrayList<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < members; i++)
        {
            final int id = i;
            final Thread thread = new Thread(() ->
            {
                try
                {
                    start(id);
                }
                catch (final Throwable ex)
                {
                    failures.add(ex);
                }
            }, "test-start-" + id);
            thread.start();
            starting.add(thread);
        }
        for (final Thread thread : starting)
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        if (!failures.isEmpty())
        {
            throw new AssertionError("a member did not start", failures.get(0));
        }
    }

    ClusterNode node(final int id)
    {
        return nodes[id];
    }

    /** Stops a member and its gateway. */
    long stop(final int id)
    {
        final ClusterNode node = nodes[id];
        nodes[id] = null;
        return node.shutdown();
    }

    /** The member that leads with its election over, waiting for one. */
    int awaitLeader()
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() - deadline < 0)
        {
            for (int i = 0; i < members; i++)
            {
                if (nodes[i] != null && nodes[i].member().member().isLeader())
                {
                    return i;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        throw new AssertionError("no leader");
    }

    List<InetSocketAddress> addresses()
    {
        final List<InetSocketAddress> addresses = new ArrayList<>();
        for (final ClusterNode node : nodes)
        {
            if (node != null)
            {
                addresses.add(node.address());
            }
        }
        return addresses;
    }

    ExchangeClient login(final Recorder recorder, final String user, final String password,
        final List<InetSocketAddress> addresses) throws IOException
    {
        final ExchangeClient client = new ExchangeClient(recorder).reconnectDelayMillis(50).serverTimeoutMillis(5_000);
        clients.add(client);
        client.connect(addresses);
        if (!client.login(user, password, "", 1))
        {
            fail("login of " + user + " refused: " + client.loginRejectReason());
        }
        return client;
    }

    @Override
    public void close()
    {
        clients.forEach(ExchangeClient::close);
        RuntimeException failure = null;
        for (int i = members - 1; i >= 0; i--)
        {
            if (nodes[i] != null)
            {
                try
                {
                    stop(i);
                }
                catch (final RuntimeException ex)
                {
                    failure = failure == null ? ex : failure;
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    /** Every record of a member's journal as text: sequence, timestamp, origin, payload. */
    static List<String> records(final Path journal)
    {
        final List<String> records = new ArrayList<>();
        try (JournalReader reader = JournalReader.openReadOnly(journal))
        {
            while (reader.poll((sequence, timestamp, origin, buffer, offset, length) ->
            {
                final byte[] payload = new byte[length];
                buffer.get(offset, payload);
                records.add(sequence + " " + timestamp + " " + origin + " " + Arrays.toString(payload));
            }, 1024) > 0)
            {
                // To the end.
            }
        }
        return records;
    }

    static void pollUntil(final String what, final BooleanSupplier condition, final ExchangeClient client)
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("not within " + TimeUnit.NANOSECONDS.toSeconds(DEADLINE_NANOS) + " s: " + what);
            }
            try
            {
                if (client.poll() == 0)
                {
                    // Two cores host three members here: a client that spins would starve them.
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /**
     * What a client received: its stream's sequence numbers in order, the answers to its orders by client order id,
     * the orders acknowledged with their engine ids, and the cancels' outcomes by order id.
     */
    static final class Recorder implements ExchangeListener
    {
        /** Written and read on the client's thread only. */
        final List<Long> sequences = new ArrayList<>();
        final Map<Long, Integer> orderAnswers = new ConcurrentHashMap<>();
        final Map<Long, Long> accepted = new ConcurrentHashMap<>();
        /** The sequence number of each order's answer; none for an answer outside the stream. */
        final Map<Long, Long> answerSequences = new ConcurrentHashMap<>();
        final Map<Long, Integer> cancelAnswers = new ConcurrentHashMap<>();
        volatile long failovers;
        volatile long gaps;
        /** Each lost connection: when, why, and the client order id sent last before it. */
        final List<String> disconnects = new CopyOnWriteArrayList<>();
        volatile long lastOrderSent;

        @Override
        public void onDisconnected(final String reason)
        {
            disconnects.add(java.time.Instant.now() + " after order " + lastOrderSent + ": " + reason);
        }

        @Override
        public void onMessage(final long sequence, final Event event)
        {
            if (sequence != ExchangeListener.UNSEQUENCED)
            {
                // An answer of the gateway's own is outside the stream, as on every replicated node.
                sequences.add(sequence);
            }
            if (event.type() == EventType.ORDER_ACCEPTED || event.type() == EventType.ORDER_REJECTED)
            {
                orderAnswers.merge(event.clientOrderId(), 1, Integer::sum);
                if (sequence != ExchangeListener.UNSEQUENCED)
                {
                    answerSequences.put(event.clientOrderId(), sequence);
                }
                if (event.type() == EventType.ORDER_ACCEPTED)
                {
                    accepted.put(event.clientOrderId(), event.orderId());
                }
            }
            else if (event.type() == EventType.CANCEL_REJECTED ||
                event.type() == EventType.ORDER_CANCELED && event.cancelReason() ==
                    dev.exengine.core.event.CancelReason.CLIENT)
            {
                cancelAnswers.merge(event.orderId(), 1, Integer::sum);
            }
        }

        @Override
        public void onFailover(final InetSocketAddress address)
        {
            failovers++;
        }

        @Override
        public void onGap(final long expectedSequence, final long nextSequence)
        {
            gaps++;
        }
    }

    /** A client that sends random orders and cancels of its own orders, with a bounded number unanswered. */
    static final class Trader
    {
        final ExchangeClient client;
        final Recorder stream;
        final long account;
        final List<Long> cancelable = new ArrayList<>();
        long nextClientOrderId;
        long orders;
        long cancels;
        /** Commands lost with a closed connection, never to be answered: not counted against the room. */
        long allowance;
        /** The client order id of the first order sent after the client last lost its connection; 0 before. */
        long firstAfterLoss;

        Trader(final ExchangeClient client, final Recorder stream, final long account,
            final long idBase)
        {
            this.client = client;
            this.stream = stream;
            this.account = account;
            this.nextClientOrderId = idBase * 1_000_000_000L;
        }

        void awaitRoom()
        {
            pollUntil("answers", () -> unanswered() - allowance < IN_FLIGHT, client);
        }

        void act(final Random random) throws IOException
        {
            stream.accepted.forEach((clientOrderId, orderId) -> cancelable.add(orderId));
            stream.accepted.clear();
            if (!cancelable.isEmpty() && random.nextInt(5) == 0)
            {
                client.cancelOrder(account, cancelable.remove(random.nextInt(cancelable.size())));
                cancels++;
                return;
            }
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final TimeInForce tif = random.nextInt(10) == 0 ? TimeInForce.IOC : TimeInForce.GTC;
            // The id is taken once the order is sent: one whose send failed (the connection went) is not waited for.
            client.newOrder(account, 1, nextClientOrderId + 1, side, OrderType.LIMIT, tif, false,
                6_000_000 + (random.nextInt(21) - 10) * 100, (1 + random.nextInt(5)) * 100_000L);
            nextClientOrderId++;
            orders++;
            stream.lastOrderSent = nextClientOrderId;
        }

        long unanswered()
        {
            return orders - stream.orderAnswers.size() + cancels - stream.cancelAnswers.size();
        }

        void awaitAnswers()
        {
            pollUntil("every command answered", () -> unanswered() == 0, client);
        }

        void checkExactlyOnce()
        {
            assertEquals(orders, stream.orderAnswers.size());
            stream.orderAnswers.forEach((id, answers) -> assertEquals(1, answers, "answers to order " + id));
            stream.cancelAnswers.forEach((id, answers) -> assertEquals(1, answers, "answers to cancel " + id));
            final List<Long> sequences = stream.sequences;
            for (int i = 1; i < sequences.size(); i++)
            {
                assertEquals(sequences.get(i - 1) + 1, sequences.get(i), "no gap, no duplicate in the stream");
            }
        }
    }
}
