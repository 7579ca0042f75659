package dev.exengine.server.gateway;

import dev.exengine.client.ExchangeClient;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.stream.OutboundStore;
import dev.exengine.gateway.stream.SessionId;
import dev.exengine.server.gateway.GatewayFixture.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;

import static dev.exengine.server.gateway.GatewayFixture.*;
import static org.junit.jupiter.api.Assertions.*;

class ReplayTest
{
    private static final int ORDERS = 40;

    @TempDir
    Path dir;

    /** @return true to run every test with the engine on the gateway's thread ({@link SharedThreadReplayTest}). */
    boolean sharedThread()
    {
        return false;
    }

    private GatewayFixture fixture(final UnaryOperator<GatewayConfig> tweak)
    {
        return new GatewayFixture(dir, tweak, null, sharedThread());
    }

    @Test
    void shouldRecoverEveryMissedMessageOnceAfterAutomaticReconnect() throws IOException
    {
        try (GatewayFixture fixture = fixture(c -> c.replayBatchMessages(7)))
        {
            fixture.bootstrap();
            final Recorder alice = new Recorder();
            final ExchangeClient aliceClient = fixture.connect(alice);
            assertTrue(aliceClient.login("alice", "alicepw", "", 1));
            final ExchangeClient bobClient = fixture.login("bob", "bobpw", new Recorder());
            restOrders(aliceClient, alice, ORDERS);

            aliceClient.disconnect();
            sellInto(bobClient);
            // Polling reconnects, logs in with the next expected sequence and receives what was missed.
            pollUntil(() -> alice.count("TRADE") == ORDERS, () -> alice, aliceClient, bobClient);
            assertEquals(1, aliceClient.reconnects());
            assertContiguousFromOne(alice.sequences);

            final Recorder full = new Recorder();
            final ExchangeClient fresh = fixture.connect(full);
            assertTrue(fresh.login("alice", "alicepw", aliceClient.session(), 1));
            // Both converge on the whole stream: the reconnected client may still be receiving its last live messages.
            pollUntil(() -> full.messages.size() == alice.messages.size() &&
                fresh.nextSequence() == aliceClient.nextSequence() && full.count("BALANCE_CHANGED") > 0,
                () -> alice.messages.size() + " vs " + full, fresh, aliceClient);
            assertEquals(alice.messages, full.messages);
        }
    }

    @Test
    void shouldReplayFromRequestedSequenceAfterServerAndEngineRestart() throws IOException
    {
        final Recorder alice = new Recorder();
        final String session;
        final long next;
        try (GatewayFixture fixture = fixture(c -> c))
        {
            fixture.bootstrap();
            final ExchangeClient aliceClient = fixture.connect(alice);
            assertTrue(aliceClient.login("alice", "alicepw", "", 1));
            final ExchangeClient bobClient = fixture.login("bob", "bobpw", new Recorder());
            restOrders(aliceClient, alice, ORDERS);
            session = aliceClient.session();
            next = aliceClient.nextSequence();
            aliceClient.close();
            sellInto(bobClient);
            final Recorder bob = new Recorder();
            final ExchangeClient bobWatcher = fixture.login("bob", "bobpw", bob);
            bobWatcher.queryOpenOrders(1, BOB_ACCOUNT);
            // Once bob's query is answered, every trade before it has been stored for alice too.
            pollUntil(() -> bob.count("QUERY_DONE") == 1, bobWatcher, bobClient);
        }
        try (GatewayFixture fixture = fixture(c -> c))
        {
            assertEquals(session, fixture.node().gateway().sessionId(), "the session id survives a restart");
            final Recorder missed = new Recorder();
            final ExchangeClient aliceClient = fixture.connect(missed);
            assertTrue(aliceClient.login("alice", "alicepw", session, next));
            pollUntil(() -> missed.count("TRADE") == ORDERS, () -> missed, aliceClient);
            assertEquals(next, missed.sequences.get(0).longValue());
            assertContiguousFromOne(concat(alice.sequences, missed.sequences));

            final Recorder live = new Recorder();
            final ExchangeClient again = fixture.connect(live);
            assertTrue(again.login("alice", "alicepw", session, 0), "0 asks for new messages only");
            again.queryBalances(77, ALICE_ACCOUNT);
            // Both sessions of alice end on the same stream: the older one gets the query answers live too.
            pollUntil(() -> live.count("QUERY_DONE") == 1 && aliceClient.nextSequence() == again.nextSequence(),
                () -> aliceClient.nextSequence() + " vs " + again.nextSequence() + ": " + live, again, aliceClient);
            assertTrue(live.messages.stream().allMatch(m -> m.contains("requestId=77")), live::toString);
        }
    }

    @Test
    void shouldStartANewSessionWithEveryStreamFromOneAndKeepTheOldOneArchived() throws IOException
    {
        final Recorder alice = new Recorder();
        final String ended;
        try (GatewayFixture fixture = fixture(c -> c))
        {
            fixture.bootstrap();
            final ExchangeClient aliceClient = fixture.connect(alice);
            assertTrue(aliceClient.login("alice", "alicepw", "", 1));
            restOrders(aliceClient, alice, ORDERS);
            ended = aliceClient.session();
        }
        final long oldStream = alice.sequences.size();
        final String session;
        try (GatewayFixture fixture = fixture(c -> c.newSession(true)))
        {
            session = fixture.node().gateway().sessionId();
            assertNotEquals(ended, session);
            final ExchangeClient stale = fixture.connect(new Recorder());
            assertFalse(stale.login("alice", "alicepw", ended, oldStream + 1));
            assertEquals('S', stale.loginRejectReason(), "the ended session is not available any more");

            final Recorder fresh = new Recorder();
            final ExchangeClient aliceClient = fixture.connect(fresh);
            assertTrue(aliceClient.login("alice", "alicepw", "", 1));
            assertEquals(session, aliceClient.session());
            aliceClient.queryBalances(5, ALICE_ACCOUNT);
            pollUntil(() -> fresh.count("QUERY_DONE") == 1, () -> fresh, aliceClient);
            assertContiguousFromOne(fresh.sequences);
            assertTrue(fresh.messages.stream().allMatch(m -> m.contains("requestId=5")),
                "the new stream holds nothing of the old one: " + fresh);
        }
        // The old streams are kept, whole, for an operator to delete.
        final Path archived = dir.resolve("gateway").resolve("sessions").resolve(ended);
        assertEquals(ended, SessionId.read(archived));
        try (OutboundStore store = OutboundStore.open(archived.resolve("users").resolve("alice")))
        {
            assertEquals(oldStream + 1, store.nextSequence());
        }
        try (GatewayFixture fixture = fixture(c -> c))
        {
            assertEquals(session, fixture.node().gateway().sessionId(), "the new session survives a restart");
        }
    }


    @Test
    void shouldDeliverEveryMessageOfACommandWhoseMessagesOutgrowTheEventRing() throws IOException
    {
        // 64 KiB, the smallest ring: one sell meeting 1,000 resting orders owes both users more than it holds.
        try (GatewayFixture fixture = fixture(c -> c.eventRingBytes(64 * 1024)))
        {
            fixture.bootstrap();
            final Recorder alice = new Recorder();
            final ExchangeClient aliceClient = fixture.login("alice", "alicepw", alice);
            final Recorder bob = new Recorder();
            final ExchangeClient bobClient = fixture.login("bob", "bobpw", bob);
            final int resting = 1_000;
            restOrders(aliceClient, alice, resting);

            bobClient.newOrder(BOB_ACCOUNT, INSTRUMENT, 1, Side.SELL, OrderType.LIMIT, TimeInForce.IOC, false,
                100 * TICK, resting * LOT);
            pollUntil(() -> alice.count("TRADE") == resting && bob.count("TRADE") == resting, () -> alice,
                aliceClient, bobClient);
            assertConsecutive(alice.sequences);
            assertConsecutive(bob.sequences);
        }
    }

    private static void sellInto(final ExchangeClient bob) throws IOException
    {
        bob.newOrder(BOB_ACCOUNT, INSTRUMENT, 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, false, 100 * TICK,
            ORDERS * LOT);
    }

    private static List<Long> concat(final List<Long> a, final List<Long> b)
    {
        final java.util.ArrayList<Long> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** From the sequence the session logged in at, every one once, in order. */
    private static void assertConsecutive(final List<Long> sequences)
    {
        final long first = sequences.get(0);
        assertEquals(LongStream.range(first, first + sequences.size()).boxed().toList(), sequences,
            "every sequence number once, in order");
    }

    private static void assertContiguousFromOne(final List<Long> sequences)
    {
        assertEquals(LongStream.rangeClosed(1, sequences.size()).boxed().toList(), sequences,
            "every sequence number once, in order");
    }
}
