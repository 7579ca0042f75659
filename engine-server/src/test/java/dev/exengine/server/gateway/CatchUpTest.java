package dev.exengine.server.gateway;

import dev.exengine.client.ExchangeClient;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.EventType;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.stream.OutboundStore;
import dev.exengine.pipeline.Engine;
import dev.exengine.server.Node;
import dev.exengine.server.gateway.GatewayFixture.Recorder;
import dev.exengine.storage.DataDirectory;
import dev.exengine.storage.SequenceMark;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static dev.exengine.server.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The crash window between the journal and the outbound stores: commands that the engine journaled while no gateway
 * stored their replies must reach the users at the next start, exactly once, in order.
 */
class CatchUpTest
{
    private static final int ORDERS = 20;
    private static final long DEPOSIT = 777;
    private static final Pattern SEQUENCE = Pattern.compile(" sequence=(\\d+)");

    @TempDir
    Path dir;

    @Test
    void shouldDeliverRepliesOfCommandsJournaledWhileTheGatewayStoredNothingExactlyOnce()
        throws IOException, InterruptedException
    {
        final Recorder alice = new Recorder();
        final String session;
        final long aliceNext;
        final List<String> bobBefore;
        final List<String> opsBefore;
        try (GatewayFixture fixture = new GatewayFixture(dir, c -> c))
        {
            fixture.bootstrap();
            final ExchangeClient aliceClient = fixture.connect(alice);
            assertTrue(aliceClient.login("alice", "alicepw", "", 1));
            restOrders(aliceClient, alice, ORDERS);
            session = aliceClient.session();
            aliceNext = aliceClient.nextSequence();
            bobBefore = stream(fixture, "bob", "bobpw");
            opsBefore = stream(fixture, "ops", "opspass");
        }

        // As if the gateway had died right after the engine made these durable: journaled, replies never stored.
        final UserDirectory users = GatewayFixture.users();
        // A probe output (not a gateway) only tells the test when both commands have been applied and journaled.
        final CountDownLatch applied = new CountDownLatch(1);
        try (Engine engine = Engine.start(GatewayFixture.engineConfig(dir), (event, origin) ->
        {
            if (event.type() == EventType.ADMIN_DONE && event.amount() == DEPOSIT)
            {
                applied.countDown();
            }
        }))
        {
            assertEquals(SubmitResult.ACCEPTED, engine.submit(users.user("bob").index(), new Command()
                .type(CommandType.NEW_ORDER).accountId(BOB_ACCOUNT).instrumentId(INSTRUMENT).clientOrderId(1)
                .side(Side.SELL).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).price(100 * TICK)
                .quantity(ORDERS * LOT)));
            assertEquals(SubmitResult.ACCEPTED, engine.submit(users.user("ops").index(), new Command()
                .type(CommandType.DEPOSIT).accountId(ALICE_ACCOUNT).assetId(2).amount(DEPOSIT)));
            assertTrue(applied.await(20, TimeUnit.SECONDS), "deposit not applied within 20 s");
        }

        final List<String> aliceAfter;
        final List<String> bobAfter;
        final List<String> opsAfter;
        try (GatewayFixture fixture = new GatewayFixture(dir, c -> c))
        {
            // The client that was logged in comes back with its next expected sequence number.
            final Recorder missed = new Recorder();
            final ExchangeClient aliceClient = fixture.connect(missed);
            assertTrue(aliceClient.login("alice", "alicepw", session, aliceNext));
            pollUntil(() -> missed.count("TRADE") == ORDERS && missed.count("ADMIN_DONE") == 1, () -> missed,
                aliceClient);
            assertEquals(aliceNext, missed.sequences.get(0).longValue());
            final List<Long> all = new ArrayList<>(alice.sequences);
            all.addAll(missed.sequences);
            assertEquals(LongStream.rangeClosed(1, all.size()).boxed().toList(), all);

            aliceAfter = stream(fixture, "alice", "alicepw");
            bobAfter = stream(fixture, "bob", "bobpw");
            opsAfter = stream(fixture, "ops", "opspass");
        }
        final List<String> aliceNew = newPart(alice.messages, aliceAfter);
        assertEquals(ORDERS, count(aliceNew, "TRADE"), aliceNew::toString);
        assertEquals(1, count(aliceNew, "ADMIN_DONE"), aliceNew::toString);
        assertTrue(aliceNew.stream().anyMatch(m -> m.startsWith("BALANCE_CHANGED") && m.contains("" + DEPOSIT)));
        final List<String> bobNew = newPart(bobBefore, bobAfter);
        assertEquals(1, count(bobNew, "ORDER_ACCEPTED"), bobNew::toString);
        assertEquals(ORDERS, count(bobNew, "TRADE"), bobNew::toString);
        // The events of the admin's own deposit come back to it: the origin was read from the journal.
        final List<String> opsNew = newPart(opsBefore, opsAfter);
        assertEquals(2, opsNew.size(), opsNew::toString);
        assertEquals(1, count(opsNew, "ADMIN_DONE"), opsNew::toString);
        assertEquals(1, count(opsNew, "BALANCE_CHANGED"), opsNew::toString);
        assertInJournalOrder(aliceAfter);
        assertInJournalOrder(bobAfter);

        // Two more restarts: nothing is derived twice.
        for (int i = 0; i < 2; i++)
        {
            try (GatewayFixture fixture = new GatewayFixture(dir, c -> c))
            {
                assertEquals(aliceAfter, stream(fixture, "alice", "alicepw"));
                assertEquals(bobAfter, stream(fixture, "bob", "bobpw"));
                assertEquals(opsAfter, stream(fixture, "ops", "opspass"));
            }
        }
    }

    @Test
    void shouldCompleteStoresCutAnywhereIntoTheVeryMessagesTheLiveRunStored() throws IOException
    {
        try (GatewayFixture fixture = new GatewayFixture(dir, c -> c))
        {
            fixture.bootstrap();
            final Recorder alice = new Recorder();
            final ExchangeClient aliceClient = fixture.login("alice", "alicepw", alice);
            restOrders(aliceClient, alice, ORDERS);
            final Recorder bob = new Recorder();
            final ExchangeClient bobClient = fixture.login("bob", "bobpw", bob);
            bobClient.newOrder(BOB_ACCOUNT, INSTRUMENT, 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, false,
                100 * TICK, ORDERS * LOT);
            pollUntil(() -> alice.count("TRADE") == ORDERS && bob.count("TRADE") == ORDERS, aliceClient, bobClient);
        }
        final Path live = dir.resolve("gateway");
        final List<byte[]> aliceStream = read(live.resolve("users/alice"));
        final List<byte[]> bobStream = read(live.resolve("users/bob"));
        final List<byte[]> opsStream = read(live.resolve("users/ops"));

        // Cuts inside the last command's run of trades, at its very end, and inside an earlier command; a mark of 0.
        for (final int cut : new int[] {aliceStream.size() - ORDERS, aliceStream.size() - 1, 3, 0})
        {
            final Path other = dir.resolve("gateway-cut-" + cut);
            Files.createDirectories(other.resolve("users/alice"));
            try (OutboundStore store = OutboundStore.open(other.resolve("users/alice")))
            {
                for (int i = 0; i < cut; i++)
                {
                    store.append(new UnsafeBuffer(aliceStream.get(i)), 0, aliceStream.get(i).length);
                }
            }
            Node.start(GatewayFixture.engineConfig(dir),
                new GatewayConfig().dataDirectory(other).users(GatewayFixture.users())).close();
            assertStreamEquals(aliceStream, read(other.resolve("users/alice")), "alice, cut at " + cut);
            assertStreamEquals(bobStream, read(other.resolve("users/bob")), "bob, cut at " + cut);
            assertStreamEquals(opsStream, read(other.resolve("users/ops")), "ops, cut at " + cut);
            try (SequenceMark mark = SequenceMark.open(other.resolve(DataDirectory.ROUTED_THROUGH)))
            {
                assertTrue(mark.value() > 0, "the catch-up moved the mark");
            }
        }
    }

    @Test
    void shouldKeepTheMarkOfTheLastWriteThatCompleted(@TempDir final Path markDir)
    {
        try (SequenceMark mark = SequenceMark.open(markDir.resolve(DataDirectory.ROUTED_THROUGH)))
        {
            assertEquals(0, mark.value());
            mark.advance(41);
            mark.advance(42);
            mark.advance(7);
            assertEquals(42, mark.value());
        }
        try (SequenceMark mark = SequenceMark.open(markDir.resolve(DataDirectory.ROUTED_THROUGH)))
        {
            assertEquals(42, mark.value());
            mark.set(5);
        }
        try (SequenceMark mark = SequenceMark.open(markDir.resolve(DataDirectory.ROUTED_THROUGH)))
        {
            assertEquals(5, mark.value());
        }
    }

    /** The whole stored stream of a user, read without adding to it. */
    private static List<String> stream(final GatewayFixture fixture, final String user, final String password)
        throws IOException
    {
        final ExchangeClient probe = fixture.login(user, password, new Recorder());
        final long next = probe.nextSequence();
        probe.close();
        final Recorder recorder = new Recorder();
        final ExchangeClient client = fixture.connect(recorder);
        assertTrue(client.login(user, password, "", 1));
        pollUntil(() -> recorder.sequences.size() >= next - 1, () -> recorder, client);
        client.close();
        assertEquals(LongStream.range(1, next).boxed().toList(), recorder.sequences);
        return List.copyOf(recorder.messages);
    }


    private static List<String> newPart(final List<String> before, final List<String> after)
    {
        assertEquals(before, after.subList(0, before.size()), "what was stored stays as it was");
        return after.subList(before.size(), after.size());
    }

    private static long count(final List<String> messages, final String prefix)
    {
        return messages.stream().filter(m -> m.startsWith(prefix)).count();
    }

    private static void assertInJournalOrder(final List<String> messages)
    {
        long previous = 0;
        for (final String message : messages)
        {
            final Matcher matcher = SEQUENCE.matcher(message);
            assertTrue(matcher.find(), message);
            final long sequence = Long.parseLong(matcher.group(1));
            assertTrue(sequence >= previous, () -> "out of journal order: " + messages);
            previous = sequence;
        }
    }

    private static List<byte[]> read(final Path directory)
    {
        final List<byte[]> messages = new ArrayList<>();
        try (OutboundStore store = OutboundStore.open(directory);
            OutboundStore.Cursor cursor = store.cursor())
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
            assertTrue(store.nextSequence() == 1 || cursor.seek(1));
            for (long n = 1; n < store.nextSequence(); n++)
            {
                final int length = cursor.read(buffer, 0, buffer.capacity());
                assertTrue(length > 0);
                final byte[] message = new byte[length];
                buffer.getBytes(0, message);
                messages.add(message);
            }
        }
        return messages;
    }

    private static void assertStreamEquals(final List<byte[]> expected, final List<byte[]> actual, final String what)
    {
        assertEquals(expected.size(), actual.size(), what + ": message count");
        for (int i = 0; i < expected.size(); i++)
        {
            assertTrue(Arrays.equals(expected.get(i), actual.get(i)), what + ": message " + (i + 1) + " differs");
        }
    }
}
