package dev.exengine.server;

import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandText;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.user.PasswordHash;
import dev.exengine.gateway.user.User;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.journal.JournalReader;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.replication.AdminRequest;
import dev.exengine.replication.ReplicationMessages;
import dev.exengine.replication.ReplicationSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A primary and a hot standby in one JVM, each a whole node on its own data directory, talking over loopback.
 */
class ReplicationTest
{
    static final String USER = "repl";
    static final String PASSWORD = "replpw";
    private static final PasswordHash CREDENTIAL = PasswordHash.create(PASSWORD.toCharArray(), 1_000);
    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dir;

    private final List<Node> nodes = new ArrayList<>();
    private final List<ExchangeClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown()
    {
        clients.forEach(ExchangeClient::close);
        for (int i = nodes.size() - 1; i >= 0; i--)
        {
            nodes.get(i).shutdown();
        }
    }

    @Test
    void shouldKeepTheStandbysJournalByteForByteTheSameAndItsStateEqual() throws IOException
    {
        final Node primary = primary("primary", DurabilityMode.PROCESS);
        final Node standby = standby("standby", primary);
        final Recorder alice = new Recorder();
        final ExchangeClient client = login(alice, "alice", "alicepw", primary.address());
        trade(client, 1, 300);
        pollUntil(() -> alice.accepted() + alice.rejected() >= 300, client);
        awaitTrue(() -> standby.engine().decidedSequence() == primary.engine().decidedSequence() &&
            standby.engine().durableJournalSequence() == primary.engine().durableJournalSequence());

        assertEquals(records(primary), records(standby), "every record, byte for byte");
        assertEquals(primary.sessionId(), standby.sessionId(), "the standby took on the primary's session");
        nodes.remove(standby);
        final long standbyHash = standby.shutdown();
        nodes.remove(primary);
        assertEquals(primary.shutdown(), standbyHash, "the same state");
    }

    @Test
    void shouldRefuseClientsOnTheStandbyAndFailThemOverToItOncePromoted() throws IOException
    {
        final Node primary = primary("primary", DurabilityMode.REPLICATED);
        final Node standby = standby("standby", primary);
        final Recorder alice = new Recorder();
        final ExchangeClient onStandby = client(alice, List.of(standby.address()));
        assertTrue(!onStandby.login("alice", "alicepw", "", 1) && onStandby.loginRejectReason() == 'S',
            "a standby answers Login Rejected S");
        onStandby.close();

        final ExchangeClient client = client(alice, List.of(primary.address(), standby.address()));
        assertTrue(client.login("alice", "alicepw", "", 1));
        trade(client, 1, 100);
        pollUntil(() -> alice.accepted() + alice.rejected() >= 100, client);
        final long seen = alice.sequences.size();

        // The primary's machine is lost (here: the node stops), and the operator promotes the standby.
        nodes.remove(primary);
        primary.shutdown();
        final ReplicationMessages.State promoted = AdminRequest.promote(standby.replicationAddress(), USER, PASSWORD,
            Duration.ofSeconds(10));
        assertEquals("primary", promoted.roleName());
        assertEquals(1, promoted.epoch());

        // The client has moved on to the standby, which answered Login Rejected S until it was promoted.
        pollUntil(() -> client.isLoggedIn() && client.address().equals(standby.address()), client);
        trade(client, 101, 50);
        pollUntil(() -> alice.accepted() + alice.rejected() >= 150, client);
        assertTrue(alice.sequences.size() > seen);
        for (int i = 0; i < alice.sequences.size(); i++)
        {
            assertEquals(i + 1, alice.sequences.get(i), "the stream goes on with no gap and no duplicate");
        }
        assertEquals(0, client.duplicates());
    }

    @Test
    void shouldRefuseAWrongCredentialAndAPromotionOfThePrimary() throws IOException
    {
        final Node primary = primary("primary", DurabilityMode.PROCESS);
        final AdminRequest.RefusedException wrong = assertThrows(AdminRequest.RefusedException.class,
            () -> AdminRequest.status(primary.replicationAddress(), USER, "nope", Duration.ofSeconds(5)));
        assertTrue(wrong.getMessage().contains("credential"), wrong.getMessage());
        final AdminRequest.RefusedException twice = assertThrows(AdminRequest.RefusedException.class,
            () -> AdminRequest.promote(primary.replicationAddress(), USER, PASSWORD, Duration.ofSeconds(5)));
        assertTrue(twice.getMessage().contains("primary already"), twice.getMessage());
    }

    private Node primary(final String name, final DurabilityMode durability)
    {
        final Node node = Node.start(engineConfig(name, durability), gatewayConfig(name), market(),
            replication(null, List.of()), ServerSettings.Role.PRIMARY);
        nodes.add(node);
        return node;
    }

    private Node standby(final String name, final Node primary)
    {
        final Node node = Node.start(engineConfig(name, DurabilityMode.PROCESS), gatewayConfig(name), market(),
            replication(primary.replicationAddress(), List.of()), ServerSettings.Role.STANDBY);
        nodes.add(node);
        return node;
    }

    private EngineConfig engineConfig(final String name, final DurabilityMode durability)
    {
        return new EngineConfig().dataDirectory(dir.resolve(name)).durabilityMode(durability);
    }

    private GatewayConfig gatewayConfig(final String name)
    {
        return new GatewayConfig().dataDirectory(dir.resolve(name).resolve("gateway")).users(UserDirectory.of(
            new User("alice", PasswordHash.create("alicepw".toCharArray(), 1_000), false, ALICE),
            new User("bob", PasswordHash.create("bobpw".toCharArray(), 1_000), false, BOB)));
    }

    static ReplicationSettings replication(final InetSocketAddress primary, final List<InetSocketAddress> peers)
    {
        return new ReplicationSettings(new InetSocketAddress("127.0.0.1", 0), primary, USER, PASSWORD,
            (user, password) -> CREDENTIAL.matches(password), peers, ReplicationSettings.StandbyLossPolicy.FALLBACK,
            Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    private static List<Command> market()
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
    private static void trade(final ExchangeClient client, final long firstClientOrderId, final int orders)
        throws IOException
    {
        for (int i = 0; i < orders; i++)
        {
            client.newOrder(ALICE, 1, firstClientOrderId + i, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false,
                6_000_000 + (i % 10) * 100, 100_000);
        }
    }

    private ExchangeClient login(final Recorder recorder, final String user, final String password,
        final InetSocketAddress address) throws IOException
    {
        final ExchangeClient client = client(recorder, List.of(address));
        if (!client.login(user, password, "", 1))
        {
            fail("login of " + user + " refused: " + client.loginRejectReason());
        }
        return client;
    }

    private ExchangeClient client(final Recorder recorder, final List<InetSocketAddress> addresses) throws IOException
    {
        final ExchangeClient client = new ExchangeClient(recorder).reconnectDelayMillis(50).serverTimeoutMillis(5_000);
        clients.add(client);
        client.connect(addresses);
        return client;
    }

    /** Every record of the node's journal as its bytes: sequence, timestamp, origin, payload. */
    private static List<String> records(final Node node)
    {
        final List<String> records = new ArrayList<>();
        try (JournalReader reader = JournalReader.openReadOnly(node.engine().config().journalDirectory()))
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

    private static void pollUntil(final BooleanSupplier condition, final ExchangeClient client)
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

    private static void awaitTrue(final BooleanSupplier condition)
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

        @Override
        public void onMessage(final long sequence, final Event event)
        {
            sequences.add(sequence);
            if (event.type() == dev.exengine.core.event.EventType.ORDER_ACCEPTED ||
                event.type() == dev.exengine.core.event.EventType.ORDER_REJECTED)
            {
                outcomes.add(event.type().name());
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
