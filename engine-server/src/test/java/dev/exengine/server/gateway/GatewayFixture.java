package dev.exengine.server.gateway;

import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.gateway.user.PasswordHash;
import dev.exengine.gateway.user.User;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.feed.FeedConfig;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.server.Node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * An engine and gateway on a temporary directory with three users (ops: admin; alice: account 1001; bob: account
 * 2001), one instrument (1 = asset 1 against asset 2) and funded accounts, plus clients that record what they get.
 */
public final class GatewayFixture implements AutoCloseable
{
    public static final long ALICE_ACCOUNT = 1001;
    public static final long BOB_ACCOUNT = 2001;
    public static final long FEE_ACCOUNT = 9000;
    public static final int INSTRUMENT = 1;
    public static final long TICK = 100;
    public static final long LOT = 100_000;
    private static final long TIMEOUT_MILLIS = 20_000;

    private final Path directory;
    private final UnaryOperator<GatewayConfig> tweak;
    private final UnaryOperator<FeedConfig> feed;
    private final boolean sharedThread;
    private final List<ExchangeClient> clients = new ArrayList<>();
    private Node node;

    public GatewayFixture(final Path directory, final UnaryOperator<GatewayConfig> tweak)
    {
        this(directory, tweak, null);
    }

    /**
     * @param feed the market-data feed's configuration (data directory and port set), or null for no feed.
     */
    public GatewayFixture(final Path directory, final UnaryOperator<GatewayConfig> tweak,
        final UnaryOperator<FeedConfig> feed)
    {
        this(directory, tweak, feed, false);
    }

    /**
     * @param sharedThread the engine runs on the gateway's thread ({@link EngineConfig#hosted}) instead of its own.
     */
    public GatewayFixture(final Path directory, final UnaryOperator<GatewayConfig> tweak,
        final UnaryOperator<FeedConfig> feed, final boolean sharedThread)
    {
        this.sharedThread = sharedThread;
        this.directory = directory;
        this.tweak = tweak;
        this.feed = feed;
        start();
    }

    /** Cheap hashes: the tests log in often; production uses {@link PasswordHash#DEFAULT_ITERATIONS}. */
    public static UserDirectory users()
    {
        return UserDirectory.of(
            new User("ops", PasswordHash.create("opspass".toCharArray(), 1_000), true, FEE_ACCOUNT),
            new User("alice", PasswordHash.create("alicepw".toCharArray(), 1_000), false, ALICE_ACCOUNT),
            new User("bob", PasswordHash.create("bobpw".toCharArray(), 1_000), false, BOB_ACCOUNT));
    }

    public static EngineConfig engineConfig(final Path directory)
    {
        return new EngineConfig().dataDirectory(directory.resolve("engine"));
    }

    public void start()
    {
        final GatewayConfig config = tweak.apply(new GatewayConfig()
            .dataDirectory(directory.resolve("gateway"))
            .users(users()));
        final EngineConfig engine = engineConfig(directory).hosted(sharedThread);
        node = feed == null ? Node.start(engine, config) :
            Node.start(engine, config, feed.apply(new FeedConfig().port(new GatewayConfig()
                .dataDirectory(directory.resolve("market-data")).users(UserDirectory.of()))));
    }

    /** Closes the clients and stops gateway and engine. @return the engine's final state hash. */
    public long stop()
    {
        clients.forEach(ExchangeClient::close);
        clients.clear();
        return node.shutdown();
    }

    public Node node()
    {
        return node;
    }

    public int port()
    {
        return node.address().getPort();
    }

    /** A connected client (not logged in). */
    public ExchangeClient connect(final ExchangeListener listener)
    {
        final ExchangeClient client = new ExchangeClient(listener).reconnectDelayMillis(50);
        clients.add(client);
        try
        {
            client.connect("127.0.0.1", port());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return client;
    }

    /** A client logged in for new messages only (requested sequence 0). */
    public ExchangeClient login(final String user, final String password, final ExchangeListener listener)
    {
        final ExchangeClient client = connect(listener);
        try
        {
            if (!client.login(user, password, "", 0))
            {
                fail("login of " + user + " failed: " + client.loginRejectReason());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return client;
    }

    /** Creates assets 1 (scale 8) and 2 (scale 4), accounts, instrument 1 and deposits, as the admin. */
    public void bootstrap()
    {
        final Recorder ops = new Recorder();
        final ExchangeClient admin = login("ops", "opspass", ops);
        try
        {
            admin.addAsset(1, 8);
            admin.addAsset(2, 4);
            admin.openAccount(FEE_ACCOUNT);
            admin.openAccount(ALICE_ACCOUNT);
            admin.openAccount(BOB_ACCOUNT);
            admin.addInstrument(new Command().type(CommandType.ADD_INSTRUMENT).instrumentId(INSTRUMENT)
                .baseAssetId(1).quoteAssetId(2).tickSize(TICK).lotSize(LOT).tickValue(10).minQuantity(LOT)
                .maxQuantity(1_000_000 * LOT).makerFeePpm(0).takerFeePpm(0).feeAccountId(FEE_ACCOUNT));
            admin.deposit(ALICE_ACCOUNT, 2, 1_000_000_000_000L, 1);
            admin.deposit(ALICE_ACCOUNT, 1, 1_000_000_000_000L, 2);
            admin.deposit(BOB_ACCOUNT, 1, 1_000_000_000_000L, 1);
            admin.deposit(BOB_ACCOUNT, 2, 1_000_000_000_000L, 2);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        pollUntil(() -> ops.count("ADMIN_DONE") == 10, admin);
        if (ops.count("ADMIN_REJECTED") > 0)
        {
            fail("bootstrap rejected: " + ops.messages);
        }
        admin.close();
        clients.remove(admin);
    }

    /** Polls the clients until the condition holds; fails after a generous timeout (only to avoid hanging). */
    public static void pollUntil(final BooleanSupplier condition, final ExchangeClient... clients)
    {
        pollUntil(condition, () -> "", clients);
    }

    /** As {@link #pollUntil(BooleanSupplier, ExchangeClient...)}, with what to show when it fails. */
    public static void pollUntil(
        final BooleanSupplier condition, final java.util.function.Supplier<Object> state, final ExchangeClient... clients)
    {
        final long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadline)
            {
                fail("condition not met within " + TIMEOUT_MILLIS + " ms: " + state.get());
            }
            int work = 0;
            for (final ExchangeClient client : clients)
            {
                try
                {
                    work += client.poll();
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }
            if (work == 0)
            {
                Thread.onSpinWait();
                Thread.yield();
            }
        }
    }

    @Override
    public void close()
    {
        stop();
    }

    /** Records every message as "sequence EVENT_TYPE fields" (thread-safe lists: assertions may read them). */
    public static final class Recorder implements ExchangeListener
    {
        public final List<String> messages = new CopyOnWriteArrayList<>();
        public final List<Long> sequences = new CopyOnWriteArrayList<>();
        public final List<String> session = new CopyOnWriteArrayList<>();

        public long count(final String prefix)
        {
            return messages.stream().filter(m -> m.startsWith(prefix)).count();
        }

        @Override
        public void onMessage(final long sequence, final Event event)
        {
            sequences.add(sequence);
            messages.add(event.toString());
        }

        @Override
        public void onLoginAccepted(final String sessionId, final long nextSequence)
        {
            session.add("accepted " + nextSequence);
        }

        @Override
        public void onLoginRejected(final char reason)
        {
            session.add("rejected " + reason);
        }

        @Override
        public void onDisconnected(final String reason)
        {
            session.add("disconnected " + reason);
        }

        @Override
        public void onUndecodable(final long sequence, final String why)
        {
            sequences.add(sequence);
            messages.add("UNDECODABLE " + why);
        }

        @Override
        public String toString()
        {
            final String all = session + " " + messages.size() + " messages " + messages;
            return all.length() > 600 ? all.substring(0, 300) + " ... " + all.substring(all.length() - 300) : all;
        }

        @Override
        public void onProtocolReject(final long sequence, final dev.exengine.protocol.sbe.ProtocolRejectDecoder reject)
        {
            sequences.add(sequence);
            messages.add("PROTOCOL_REJECT " + reject.reason());
        }
    }

    /** Rests {@code orders} buy orders of alice (client order ids 1, 2, ...) and waits until each is accepted. */
    public static void restOrders(final ExchangeClient client, final Recorder recorder, final int orders)
        throws IOException
    {
        for (int i = 1; i <= orders; i++)
        {
            client.newOrder(ALICE_ACCOUNT, INSTRUMENT, i, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false,
                100 * TICK, LOT);
        }
        pollUntil(() -> recorder.count("ORDER_ACCEPTED") == orders, () -> recorder, client);
    }
}
