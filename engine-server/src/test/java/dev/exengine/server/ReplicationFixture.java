package dev.exengine.server;

import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandText;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.feed.FeedConfig;
import dev.exengine.gateway.user.PasswordHash;
import dev.exengine.gateway.user.User;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.journal.JournalReader;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.replication.ReplicationSettings;
import dev.exengine.server.monitoring.MonitoringSettings;
import dev.exengine.storage.DataDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whole nodes on their own data directories in one JVM, primaries and standbys talking over loopback, with the
 * market, users, replication credential and clients the replication tests share. Closes what it started.
 */
final class ReplicationFixture implements AutoCloseable
{
    static final String USER = "repl";
    static final String PASSWORD = "replpw";
    static final PasswordHash CREDENTIAL = PasswordHash.create(PASSWORD.toCharArray(), 1_000);
    static final long ALICE = 1;
    static final long BOB = 2;
    static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Path dir;
    private boolean feeds = true;
    private final List<Node> nodes = new ArrayList<>();
    private final List<ExchangeClient> clients = new ArrayList<>();
    /** How the nodes started from now on are watched: no admin endpoint unless a test asks for one. */
    private MonitoringSettings monitoring = MonitoringSettings.withoutHttp();
    /** Whether the nodes' engines run on their gateways' threads, where their durability lets them. */
    private boolean sharedThreads;

    ReplicationFixture(final Path dir)
    {
        this.dir = dir;
    }

    Path dir()
    {
        return dir;
    }

    /**
     * The nodes started from now on run their engines on their gateways' threads ({@link ThreadLayout#SHARED}), but
     * for those of replicated durability, which a shared thread does not run.
     */
    ReplicationFixture sharedThreads(final boolean shared)
    {
        this.sharedThreads = shared;
        return this;
    }

    /** The nodes started from now on are watched so: with an admin endpoint, or other health bounds. */
    ReplicationFixture monitoring(final MonitoringSettings settings)
    {
        this.monitoring = settings;
        return this;
    }

    @Override
    public void close()
    {
        clients.forEach(ExchangeClient::close);
        for (int i = nodes.size() - 1; i >= 0; i--)
        {
            nodes.get(i).shutdown();
        }
    }

    /** Stops a node now, as its loss would (its last events still reach its own gateway). */
    long stop(final Node node)
    {
        nodes.remove(node);
        return node.shutdown();
    }

    Node primary(final String name, final DurabilityMode durability)
    {
        return primary(name, durability, List.of());
    }

    Node primary(final String name, final DurabilityMode durability, final List<InetSocketAddress> peers)
    {
        return primary(name, durability, peers, new InetSocketAddress("127.0.0.1", 0));
    }

    Node primary(
        final String name, final DurabilityMode durability, final List<InetSocketAddress> peers,
        final InetSocketAddress listen)
    {
        final Node node = Node.start(engineConfig(name, durability), gatewayConfig(name), feedConfig(name), market(),
            replication(listen, null, peers), ServerSettings.Role.PRIMARY, monitoring);
        nodes.add(node);
        return node;
    }

    Node standby(final String name, final Node primary)
    {
        return standby(name, primary.replicationAddress());
    }

    Node standby(final String name, final InetSocketAddress primary)
    {
        return standby(name, primary, new InetSocketAddress("127.0.0.1", 0));
    }

    Node standby(final String name, final InetSocketAddress primary, final InetSocketAddress listen)
    {
        final Node node = Node.start(engineConfig(name, DurabilityMode.PROCESS), gatewayConfig(name), feedConfig(name),
            market(), replication(listen, primary, List.of()), ServerSettings.Role.STANDBY, monitoring);
        nodes.add(node);
        return node;
    }

    EngineConfig engineConfig(final String name, final DurabilityMode durability)
    {
        return new EngineConfig().dataDirectory(dir.resolve(name)).durabilityMode(durability)
            .hosted(sharedThreads && durability != DurabilityMode.REPLICATED);
    }

    GatewayConfig gatewayConfig(final String name)
    {
        return new GatewayConfig().dataDirectory(dir.resolve(name).resolve("gateway")).users(UserDirectory.of(
            new User("alice", PasswordHash.create("alicepw".toCharArray(), 1_000), false, ALICE),
            new User("bob", PasswordHash.create("bobpw".toCharArray(), 1_000), false, BOB)));
    }

    /** Nodes started from here on serve no market-data feed. */
    ReplicationFixture withoutFeed()
    {
        feeds = false;
        return this;
    }

    /** Both nodes serve the market-data feed, as a standby that derives it from what it follows does in production. */
    FeedConfig feedConfig(final String name)
    {
        return !feeds ? null : new FeedConfig().anonymous(true).port(new GatewayConfig()
            .dataDirectory(dir.resolve(name).resolve("market-data")).users(UserDirectory.of()));
    }

    static ReplicationSettings replication(
        final InetSocketAddress listen, final InetSocketAddress primary, final List<InetSocketAddress> peers)
    {
        return new ReplicationSettings(listen, primary, USER, PASSWORD,
            (user, password) -> CREDENTIAL.matches(password), peers, ReplicationSettings.StandbyLossPolicy.FALLBACK,
            Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    static List<Command> market()
    {
        final List<Command> market = new ArrayList<>();
        for (final String text : List.of("ADD_ASSET assetId=1 scale=4", "ADD_ASSET assetId=2 scale=8",
            "OPEN_ACCOUNT accountId=100", "OPEN_ACCOUNT accountId=1", "OPEN_ACCOUNT accountId=2",
            "ADD_INSTRUMENT instrumentId=1 baseAssetId=2 quoteAssetId=1 tickSize=100 lotSize=100000 tickValue=10 " +
                "minQuantity=100000 maxQuantity=10000000000 makerFeePpm=100 takerFeePpm=500 feeAccountId=100",
            "DEPOSIT accountId=1 assetId=1 amount=100000000000", "DEPOSIT accountId=2 assetId=2 amount=100000000000"))
        {
            market.add(CommandText.parse(text, new Command()));
        }
        return market;
    }

    /** Alice's orders: buys around one price, some crossing nothing, so that each is accepted and rests. */
    static void trade(final ExchangeClient client, final long firstClientOrderId, final int orders)
        throws IOException
    {
        for (int i = 0; i < orders; i++)
        {
            client.newOrder(ALICE, 1, firstClientOrderId + i, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false,
                6_000_000 + (i % 10) * 100, 100_000);
        }
    }

    ExchangeClient login(final Recorder recorder, final String user, final String password,
        final InetSocketAddress address) throws IOException
    {
        final ExchangeClient client = client(recorder, List.of(address));
        if (!client.login(user, password, "", 1))
        {
            fail("login of " + user + " refused: " + client.loginRejectReason());
        }
        return client;
    }

    ExchangeClient client(final Recorder recorder, final List<InetSocketAddress> addresses) throws IOException
    {
        final ExchangeClient client = new ExchangeClient(recorder).reconnectDelayMillis(50).serverTimeoutMillis(5_000);
        clients.add(client);
        client.connect(addresses);
        return client;
    }

    /** A free loopback port, for a node that its peers must know before it starts. */
    static InetSocketAddress freePort() throws IOException
    {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            return new InetSocketAddress("127.0.0.1", probe.getLocalPort());
        }
    }

    /** Every record of the node's journal as its bytes: sequence, timestamp, origin, payload. */
    static List<String> records(final Node node)
    {
        return records(node.engine().config().journalDirectory());
    }

    /** Every record of the journal in this directory (a journal directory, or a data directory holding one). */
    static List<String> records(final Path directory)
    {
        final Path journal = directory.resolve(DataDirectory.JOURNAL).toFile().isDirectory() ?
            directory.resolve(DataDirectory.JOURNAL) : directory;
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

    static void pollUntil(final BooleanSupplier condition, final ExchangeClient client)
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("not met within " + TimeUnit.NANOSECONDS.toSeconds(DEADLINE_NANOS) + " s");
            }
            try
            {
                if (client.poll() == 0)
                {
                    Thread.yield();
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    static void awaitTrue(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("not met within " + TimeUnit.NANOSECONDS.toSeconds(DEADLINE_NANOS) + " s");
            }
            Thread.yield();
        }
    }

    /** What a client received: its stream's sequence numbers and the outcome of its orders. */
    static final class Recorder implements ExchangeListener
    {
        final List<Long> sequences = new CopyOnWriteArrayList<>();
        final List<String> outcomes = new CopyOnWriteArrayList<>();
        /** Query answers complete, and how many of them came outside the stream. */
        volatile int queriesDone;
        volatile int queriesDoneOutOfStream;

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
                outcomes.add(event.type().name());
            }
            else if (event.type() == EventType.QUERY_DONE)
            {
                queriesDoneOutOfStream += sequence == ExchangeListener.UNSEQUENCED ? 1 : 0;
                queriesDone++;
            }
        }

        long accepted()
        {
            return outcomes.stream().filter("ORDER_ACCEPTED"::equals).count();
        }

        long rejected()
        {
            return outcomes.stream().filter("ORDER_REJECTED"::equals).count();
        }
    }
}
