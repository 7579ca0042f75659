package dev.exengine.server;

import dev.exengine.client.ExchangeClient;
import dev.exengine.cluster.MemberDirectory;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.gateway.stream.OutboundStore;
import dev.exengine.replay.JournalReplay;
import dev.exengine.storage.DataDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterNodeTest
{
    private static final int COMMANDS = Integer.getInteger("cluster.commands", 100_000);

    @TempDir
    Path dir;

    /**
     * The run: a seeded random run of orders and cancels through a follower's gateway, the leader closed
     * halfway; every command answered once; every member's state and journal the same, and a replay of its journal.
     */
    @Test
    void shouldApplyEveryCommandOnceOnEveryMemberWhenTheLeaderClosesMidRun() throws Exception
    {
        final long[] hashes = new long[3];
        try (ClusterFixture cluster = new ClusterFixture(dir, "run", 3, 21200, Map.of()))
        {
            cluster.startAll();
            final int leader = cluster.awaitLeader();
            final int served = (leader + 1) % 3;
            final ClusterFixture.Recorder aliceStream = new ClusterFixture.Recorder();
            final ClusterFixture.Recorder bobStream = new ClusterFixture.Recorder();
            final List<InetSocketAddress> follower = List.of(cluster.node(served).address());
            final ClusterFixture.Trader alice = new ClusterFixture.Trader(cluster.login(aliceStream, "alice", "alicepw", follower), aliceStream,
                ClusterFixture.ALICE, 1);
            final ClusterFixture.Trader bob = new ClusterFixture.Trader(cluster.login(bobStream, "bob", "bobpw", follower), bobStream,
                ClusterFixture.BOB, 2);
            final Random random = new Random(20);
            CompletableFuture<Long> leaderStop = null;
            for (int i = 0; i < COMMANDS; i++)
            {
                if (i == COMMANDS / 2)
                {
                    leaderStop = CompletableFuture.supplyAsync(() -> cluster.stop(leader));
                }
                final ClusterFixture.Trader trader = random.nextBoolean() ? alice : bob;
                trader.awaitRoom();
                trader.act(random);
            }
            alice.awaitAnswers();
            bob.awaitAnswers();
            leaderStop.join();
            alice.checkExactlyOnce();
            bob.checkExactlyOnce();
            assertTrue(cluster.node(served).member().clusterIngress().failovers() >= 1, "the ingress followed a new leader");

            // The closed member comes back and catches up: the same journal and the same streams as the others.
            cluster.start(leader);
            final long last = cluster.node(served).member().service().appliedSequence();
            ClusterFixture.pollUntil("the restarted member caught up", () ->
                cluster.node(leader).member().service().appliedSequence() == last, alice.client);
            for (int i = 0; i < 3; i++)
            {
                hashes[i] = cluster.stop(i);
            }
        }
        assertEquals(hashes[0], hashes[1]);
        assertEquals(hashes[0], hashes[2]);
        final List<String> journal = ClusterFixture.records(journal(0));
        assertTrue(journal.size() > COMMANDS, "every command journaled, the market too: " + journal.size());
        for (int i = 0; i < 3; i++)
        {
            assertEquals(hashes[i], JournalReplay.of(journal(i)).run().logic().stateHash(), "member " + i);
            assertEquals(journal, ClusterFixture.records(journal(i)), "member " + i + "'s journal");
            assertEquals(stream(0, "alice"), stream(i, "alice"), "alice's stream on member " + i);
            assertEquals(stream(0, "bob"), stream(i, "bob"), "bob's stream on member " + i);
        }
    }

    /**
     * A client on the leader's gateway while the leader closes under its orders: it moves to another member's gateway
     * by itself and its stream goes on with the next sequence number, no gap and no duplicate; every order answered at
     * most once, and those it sent after moving exactly once.
     */
    @Test
    void shouldResumeAClientsStreamOnAnotherMembersGatewayWhenItsMemberCloses() throws Exception
    {
        try (ClusterFixture cluster = new ClusterFixture(dir, "move", 3, 21230, Map.of()))
        {
            cluster.startAll();
            final int leader = cluster.awaitLeader();
            final int other = (leader + 1) % 3;
            final ClusterFixture.Recorder stream = new ClusterFixture.Recorder();
            final ClusterFixture.Trader alice = new ClusterFixture.Trader(cluster.login(stream, "alice", "alicepw",
                List.of(cluster.node(leader).address(), cluster.node(other).address())), stream, ClusterFixture.ALICE, 1);
            final Random random = new Random(21);
            CompletableFuture<Long> leaderStop = null;
            long sentBeforeMove = 0;
            long firstAfterMove = 0;
            // The closing member's gateway serves its connections until the member has drained: trade on until the
            // client has moved and sent 3,000 orders and cancels more.
            for (int i = 0; firstAfterMove == 0 || alice.orders + alice.cancels < sentBeforeMove + 3_000; i++)
            {
                assertTrue(i < 1_000_000, "the client never moved");
                if (i == 3_000)
                {
                    leaderStop = CompletableFuture.supplyAsync(() -> cluster.stop(leader));
                }
                final long moved = firstAfterMove;
                ClusterFixture.pollUntil("logged in, with room to send", () -> alice.client.isLoggedIn() &&
                    (alice.unanswered() - alice.allowance < ClusterFixture.IN_FLIGHT || stream.failovers > 0 && moved == 0),
                    alice.client);
                if (stream.failovers == 0)
                {
                    sentBeforeMove = alice.orders + alice.cancels;
                }
                else if (firstAfterMove == 0)
                {
                    firstAfterMove = alice.nextClientOrderId + 1;
                    // What the closed gateway had not read when it closed is never answered: room for new ones.
                    alice.allowance = alice.unanswered();
                }
                try
                {
                    alice.act(random);
                }
                catch (final IOException ex)
                {
                    // The connection went as this was sent; not counted as sent (answered, it would fail the checks).
                }
            }
            leaderStop.join();
            assertEquals(1, stream.failovers, "moved to the other gateway once");
            assertEquals(cluster.node(other).address(), alice.client.address());
            // The stream is in log order: once the last order is answered, everything the cluster took is.
            final long last = alice.nextClientOrderId;
            ClusterFixture.pollUntil("the last order answered", () -> stream.orderAnswers.containsKey(last),
                alice.client);
            stream.orderAnswers.forEach((id, answers) -> assertEquals(1, answers, "answers to order " + id));
            stream.cancelAnswers.forEach((id, answers) -> assertEquals(1, answers, "answers to cancel " + id));
            assertEquals(0, stream.gaps);
            final List<Long> sequences = stream.sequences;
            for (int i = 1; i < sequences.size(); i++)
            {
                assertEquals(sequences.get(i - 1) + 1, sequences.get(i), "no gap, no duplicate in the stream");
            }
            // Only what was in flight when the gateway closed may have gone unanswered: at most one window of it.
            assertTrue(alice.unanswered() <= ClusterFixture.IN_FLIGHT, "unanswered: " + alice.unanswered());
            assertTrue(sentBeforeMove > 0 && firstAfterMove > 0 && last > firstAfterMove);
            for (long id = firstAfterMove; id <= last; id++)
            {
                assertTrue(stream.orderAnswers.containsKey(id), "order " + id + ", sent after the move, answered");
            }
        }
    }

    /**
     * A command a member's gateway refuses by itself (here: an order for another user's account) never reaches the
     * log. Its answer goes to the sending session alone, as Unsequenced Data: numbered in that member's copy of the
     * user's stream, it would shift every later number there against the other members', which derive the stream from
     * the log alone.
     */
    @Test
    void shouldKeepAGatewaysOwnAnswersOutOfTheStreamEveryMemberDerives() throws Exception
    {
        try (ClusterFixture cluster = new ClusterFixture(dir, "own", 3, 21400, Map.of()))
        {
            cluster.startAll();
            cluster.awaitLeader();
            final ClusterFixture.Recorder onFirst = new ClusterFixture.Recorder();
            final ExchangeClient first = cluster.login(onFirst, "alice", "alicepw", List.of(cluster.node(0).address()));
            first.newOrder(ClusterFixture.BOB, 1, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 6_000_000,
                100_000);
            first.newOrder(ClusterFixture.ALICE, 1, 2, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 6_000_000,
                100_000);
            ClusterFixture.pollUntil("both answered", () -> onFirst.orderAnswers.containsKey(1L) &&
                onFirst.orderAnswers.containsKey(2L), first);

            assertNull(onFirst.answerSequences.get(1L), "the refusal, outside the stream");

            final ClusterFixture.Recorder onSecond = new ClusterFixture.Recorder();
            final ExchangeClient second = cluster.login(onSecond, "alice", "alicepw",
                List.of(cluster.node(1).address()));
            ClusterFixture.pollUntil("order 2 answered on member 1's gateway",
                () -> onSecond.orderAnswers.containsKey(2L), second);
            assertEquals(onFirst.answerSequences.get(2L), onSecond.answerSequences.get(2L),
                "order 2's answer has the same number in both members' streams");
            assertEquals(List.of(2L), List.copyOf(onSecond.orderAnswers.keySet()), "member 1 never saw the refused one");
        }
    }

    private Path memberDirectory(final int member)
    {
        return MemberDirectory.of(dir.resolve("data"), member);
    }

    private Path journal(final int member)
    {
        return memberDirectory(member).resolve(DataDirectory.JOURNAL);
    }

    /** A user's stored stream on a member: how many messages, and a checksum of them all in order. */
    private String stream(final int member, final String user)
    {
        final CRC32C crc = new CRC32C();
        final UnsafeBuffer message = new UnsafeBuffer(new byte[4096]);
        long count = 0;
        try (OutboundStore store = OutboundStore.open(memberDirectory(member).resolve(DataDirectory.GATEWAY)
            .resolve("users").resolve(user)); OutboundStore.Cursor cursor = store.cursor())
        {
            if (cursor.seek(1))
            {
                for (int length = cursor.read(message, 0, 4096); length >= 0; length = cursor.read(message, 0, 4096))
                {
                    crc.update(message.byteArray(), 0, length);
                    count++;
                }
            }
        }
        return count + " messages, crc " + Long.toHexString(crc.getValue());
    }
}
