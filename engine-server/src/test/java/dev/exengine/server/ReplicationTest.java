package dev.exengine.server;

import dev.exengine.client.ExchangeClient;
import dev.exengine.client.FeedClient;
import dev.exengine.client.FeedListener;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.protocol.feed.FeedBooks;
import dev.exengine.protocol.feed.sbe.InstrumentStateDecoder;
import dev.exengine.protocol.feed.sbe.OrderAddedDecoder;
import dev.exengine.protocol.feed.sbe.OrderDeletedDecoder;
import dev.exengine.protocol.feed.sbe.OrderExecutedDecoder;
import dev.exengine.protocol.feed.sbe.OrderReducedDecoder;
import dev.exengine.protocol.feed.sbe.OrderReplacedDecoder;
import dev.exengine.replication.AdminRequest;
import dev.exengine.replication.ReplicationMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.exengine.server.ReplicationFixture.PASSWORD;
import static dev.exengine.server.ReplicationFixture.USER;
import static dev.exengine.server.ReplicationFixture.awaitTrue;
import static dev.exengine.server.ReplicationFixture.pollUntil;
import static dev.exengine.server.ReplicationFixture.records;
import static dev.exengine.server.ReplicationFixture.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A primary and a hot standby in one JVM, each a whole node on its own data directory, talking over loopback.
 */
class ReplicationTest
{
    @TempDir
    Path dir;

    private ReplicationFixture fixture;

    /** @return true to run every test with each engine on its gateway's thread ({@link SharedThreadReplicationTest}). */
    boolean sharedThreads()
    {
        return false;
    }

    @AfterEach
    void tearDown()
    {
        fixture.close();
    }

    @Test
    void shouldKeepTheStandbysJournalByteForByteTheSameAndItsStateEqual() throws IOException
    {
        fixture = new ReplicationFixture(dir).sharedThreads(sharedThreads());
        final Node primary = fixture.primary("primary", DurabilityMode.PROCESS);
        final Node standby = fixture.standby("standby", primary);
        final ReplicationFixture.Recorder alice = new ReplicationFixture.Recorder();
        final ExchangeClient client = fixture.login(alice, "alice", "alicepw", primary.address());
        trade(client, 1, 300);
        pollUntil(() -> alice.accepted() + alice.rejected() >= 300, client);
        awaitTrue(() -> caughtUp(standby, primary));

        assertEquals(records(primary), records(standby), "every record, byte for byte");
        assertEquals(primary.sessionId(), standby.sessionId(), "the standby took on the primary's session");
        // The standby derives the public market-data feed from what it follows: the same messages, the same numbers.
        awaitTrue(() -> standby.marketData().lastSequence() == primary.marketData().lastSequence());
        final long feedEnd = primary.marketData().lastSequence();
        assertTrue(feedEnd > 300, "the orders made a feed: " + feedEnd);
        assertEquals(feedOf(primary, feedEnd), feedOf(standby, feedEnd));
        final long standbyHash = fixture.stop(standby);
        assertEquals(fixture.stop(primary), standbyHash, "the same state");
    }

    @Test
    void shouldRefuseClientsOnTheStandbyAndFailThemOverToItOncePromoted() throws IOException
    {
        fixture = new ReplicationFixture(dir).sharedThreads(sharedThreads());
        final Node primary = fixture.primary("primary", DurabilityMode.REPLICATED);
        final Node standby = fixture.standby("standby", primary);
        final ReplicationFixture.Recorder alice = new ReplicationFixture.Recorder();
        final ExchangeClient onStandby = fixture.client(alice, List.of(standby.address()));
        assertTrue(!onStandby.login("alice", "alicepw", "", 1) && onStandby.loginRejectReason() == 'S',
            "a standby answers Login Rejected S");
        onStandby.close();

        final ExchangeClient client = fixture.client(alice, List.of(primary.address(), standby.address()));
        assertTrue(client.login("alice", "alicepw", "", 1));
        trade(client, 1, 100);
        // One the primary's gateway refuses itself (bob's account), and a query, which the engine answers without
        // journaling it: both answers outside the stream, which the standby derives from the journal. Numbered in the
        // primary's stream, each would make the client skip as many of the standby's messages.
        client.newOrder(ReplicationFixture.BOB, 1, 100_000, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false,
            6_000_000, 100_000);
        client.queryOpenOrders(900, ReplicationFixture.ALICE);
        pollUntil(() -> alice.accepted() + alice.rejected() >= 101 && alice.queriesDone == 1, client);
        assertEquals(1, alice.queriesDoneOutOfStream, "the query's answer outside the stream");
        final long seen = alice.sequences.size();

        // The primary's machine is lost (here: the node stops), and the operator promotes the standby.
        fixture.stop(primary);
        final ReplicationMessages.State promoted = AdminRequest.promote(standby.replicationAddress(), USER, PASSWORD,
            Duration.ofSeconds(10));
        assertEquals("primary", promoted.roleName());
        assertEquals(1, promoted.epoch());

        // The client has moved on to the standby, which answered Login Rejected S until it was promoted.
        pollUntil(() -> client.isLoggedIn() && client.address().equals(standby.address()), client);
        trade(client, 101, 50);
        pollUntil(() -> alice.accepted() + alice.rejected() >= 151, client);
        assertEquals(1, alice.rejected(), "the refused order, and no other");
        assertTrue(alice.sequences.size() > seen);
        for (int i = 0; i < alice.sequences.size(); i++)
        {
            assertEquals(i + 1, alice.sequences.get(i), "the stream goes on with no gap and no duplicate");
        }
        assertEquals(0, client.duplicates());
    }

    @Test
    void shouldRefuseAWrongCredentialAndAPromotionOfThePrimary()
    {
        fixture = new ReplicationFixture(dir).sharedThreads(sharedThreads());
        final Node primary = fixture.primary("primary", DurabilityMode.PROCESS);
        final AdminRequest.RefusedException wrong = assertThrows(AdminRequest.RefusedException.class,
            () -> AdminRequest.status(primary.replicationAddress(), USER, "nope", Duration.ofSeconds(5)));
        assertTrue(wrong.getMessage().contains("credential"), wrong.getMessage());
        final AdminRequest.RefusedException twice = assertThrows(AdminRequest.RefusedException.class,
            () -> AdminRequest.promote(primary.replicationAddress(), USER, PASSWORD, Duration.ofSeconds(5)));
        assertTrue(twice.getMessage().contains("primary already"), twice.getMessage());
    }

    /** Every message of a node's market-data feed from 1 through {@code end}, as a subscriber reads them. */
    private static List<String> feedOf(final Node node, final long end) throws IOException
    {
        final List<String> messages = new ArrayList<>();
        try (FeedClient feed = new FeedClient(new FeedListener()
        {
            @Override
            public void onFeedMessage(final long sequence, final FeedBooks books)
            {
                messages.add(sequence + " " + describe(books));
            }
        }).autoReconnect(false))
        {
            final InetSocketAddress address = node.marketData().localAddress();
            feed.connect(address.getHostString(), address.getPort());
            assertTrue(feed.subscribe("", "", 1), "an anonymous reader is let in");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (messages.size() < end)
            {
                assertTrue(System.nanoTime() < deadline, () -> "the feed stopped at " + messages.size() + " of " + end);
                feed.poll();
            }
        }
        return messages;
    }

    private static String describe(final FeedBooks books)
    {
        return switch (books.templateId())
        {
            case InstrumentStateDecoder.TEMPLATE_ID -> books.instrumentState().toString();
            case OrderAddedDecoder.TEMPLATE_ID -> books.orderAdded().toString();
            case OrderExecutedDecoder.TEMPLATE_ID -> books.orderExecuted().toString();
            case OrderDeletedDecoder.TEMPLATE_ID -> books.orderDeleted().toString();
            case OrderReducedDecoder.TEMPLATE_ID -> books.orderReduced().toString();
            case OrderReplacedDecoder.TEMPLATE_ID -> books.orderReplaced().toString();
            default -> "template " + books.templateId();
        };
    }

    static boolean caughtUp(final Node standby, final Node primary)
    {
        return standby.engine().decidedSequence() == primary.engine().decidedSequence() &&
            standby.engine().durableJournalSequence() == primary.engine().durableJournalSequence();
    }
}
