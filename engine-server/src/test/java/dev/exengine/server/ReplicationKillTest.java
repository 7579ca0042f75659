package dev.exengine.server;

import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.gateway.user.PasswordHash;
import dev.exengine.journal.JournalReader;
import dev.exengine.replay.JournalReplay;
import dev.exengine.replication.AdminRequest;
import dev.exengine.replication.ReplicationMessages;
import dev.exengine.storage.DataDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A replicated pair as operators run it, each node {@code bin/engine server} in a JVM of its own, killed with SIGKILL
 * under load. The primary's death, again and again: the operator promotes the standby, the client fails over to it,
 * and every order the client was answered is in the promoted node's journal; the dead node comes back as the new
 * primary's standby (setting aside a tail the other never had, as an operator would) and is the next one killed. The
 * standby's death: the primary keeps answering (in fallback after its bound) and the standby catches up when it
 * returns. At the end both journals are the same record for record, both nodes stop with the same state hash, and a
 * replay of either journal gives it. {@code -Dreplication.kill.points=N} for more kills (the soak profile runs 200).
 */
class ReplicationKillTest
{
    private static final int KILL_POINTS = Integer.getInteger("replication.kill.points", 10);
    private static final long SEED = 20261206L;
    private static final String USER = "repl";
    private static final String PASSWORD = "replpw";
    private static final long ALICE = 1;
    private static final int WINDOW = 64;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern SET_ASIDE = Pattern.compile("set-aside-tail --data DIR --from (\\d+)");

    @TempDir
    Path dir;

    private final ChildNode[] nodes = new ChildNode[2];
    private final InetSocketAddress[] gateways = new InetSocketAddress[2];
    private final InetSocketAddress[] replication = new InetSocketAddress[2];
    private final Path[] data = new Path[2];
    private final Answers answers = new Answers();
    private final Set<Long> unanswered = new HashSet<>();
    private ExchangeClient client;
    private Path config;
    private long nextClientOrderId = 1;
    private long reconnectsSeen;
    private int tailsSetAside;

    @AfterEach
    void tearDown() throws InterruptedException
    {
        if (client != null)
        {
            client.close();
        }
        for (final ChildNode node : nodes)
        {
            if (node != null)
            {
                node.close();
            }
        }
    }

    @Test
    // Long enough for the soak profile's kill points: every wait inside has a deadline of its own.
    @Timeout(value = 180, unit = TimeUnit.MINUTES)
    void shouldLoseNoAnsweredOrderWhenThePrimaryIsKilledAndTheStandbyPromoted() throws Exception
    {
        startPair();
        final Random random = new Random(SEED);
        int primary = 0;
        for (int kill = 1; kill <= KILL_POINTS; kill++)
        {
            final int standby = 1 - primary;
            tradeUntilAnswered(answers.count() + 100 + random.nextInt(1_500));
            nodes[primary].kill();

            final ReplicationMessages.State promoted =
                AdminRequest.promote(replication[standby], USER, PASSWORD, ADMIN_TIMEOUT);
            assertEquals("primary", promoted.roleName(), promoted.toString());
            assertEquals(kill, promoted.epoch(), "each promotion starts the next epoch");

            // The client finds the promoted node by itself and trades on; what it was answered is all there.
            awaitLoggedInAt(gateways[standby]);
            tradeUntilAnswered(answers.count() + 50);
            assertAnsweredOrdersIn(data[standby], "after kill " + kill);

            nodes[primary] = rejoinAsStandby(primary, standby);
            System.out.printf("kill %d of %d: %d orders accepted, node %s primary of epoch %d, tails set aside %d%n",
                kill, KILL_POINTS, answers.count(), nodes[standby].name(), promoted.epoch(), tailsSetAside);
            primary = standby;
        }
        stopAndCompare(primary);
    }

    @Test
    // Long enough for the soak profile's kill points: every wait inside has a deadline of its own.
    @Timeout(value = 180, unit = TimeUnit.MINUTES)
    void shouldKeepServingWhenTheStandbyIsKilledAndLetItCatchUp() throws Exception
    {
        startPair();
        final Random random = new Random(SEED + 1);
        for (int kill = 1; kill <= Math.max(2, KILL_POINTS / 4); kill++)
        {
            tradeUntilAnswered(answers.count() + 100 + random.nextInt(1_000));
            nodes[1].kill();
            // The primary waits for its standby up to replication.fallback-after-ms, then answers without it.
            tradeUntilAnswered(answers.count() + 200);
            nodes[1] = ChildNode.start("b", this::keepClientAlive, nodeArguments(1, "--standby-of=" + hostPort(replication[0])));
            tradeUntilAnswered(answers.count() + 200);
            awaitCaughtUp(1, 0);
        }
        assertAnsweredOrdersIn(data[1], "the standby after its restarts");
        stopAndCompare(0);
    }

    private void startPair() throws IOException
    {
        for (int i = 0; i < 2; i++)
        {
            gateways[i] = ReplicationFixture.freePort();
            replication[i] = ReplicationFixture.freePort();
            data[i] = dir.resolve(i == 0 ? "a" : "b");
        }
        config = dir.resolve("node.properties");
        Files.writeString(config, String.join("\n",
            "durability = replicated",
            "replication.user = " + USER,
            "replication.password = " + PASSWORD,
            "replication.credential = " + PasswordHash.create(PASSWORD.toCharArray(), 1_000),
            "replication.on-standby-loss = fallback",
            "replication.fallback-after-ms = 500",
            "replication.heartbeat-ms = 200",
            "replication.timeout-ms = 2000",
            "snapshot.every = 5000",
            "user.alice.password = " + PasswordHash.create("alicepw".toCharArray(), 1_000),
            "user.alice.accounts = 1",
            "user.bob.password = " + PasswordHash.create("bobpw".toCharArray(), 1_000),
            "user.bob.accounts = 2",
            "market.01 = ADD_ASSET assetId=1 scale=4",
            "market.02 = ADD_ASSET assetId=2 scale=8",
            "market.03 = OPEN_ACCOUNT accountId=100",
            "market.04 = OPEN_ACCOUNT accountId=1",
            "market.05 = OPEN_ACCOUNT accountId=2",
            "market.06 = ADD_INSTRUMENT instrumentId=1 baseAssetId=2 quoteAssetId=1 tickSize=100 lotSize=100000 " +
                "tickValue=10 minQuantity=100000 maxQuantity=10000000000 makerFeePpm=100 takerFeePpm=500 " +
                "feeAccountId=100",
            // Enough for every resting buy of a soak run's kill points.
            "market.07 = DEPOSIT accountId=1 assetId=1 amount=1000000000000000",
            ""), StandardCharsets.UTF_8);
        nodes[0] = ChildNode.start("a", nodeArguments(0));
        nodes[1] = ChildNode.start("b", this::keepClientAlive, nodeArguments(1, "--standby-of=" + hostPort(replication[0])));

        client = new ExchangeClient(answers).reconnectDelayMillis(50).serverTimeoutMillis(2_000);
        client.connect(List.of(gateways[0], gateways[1]));
        assertTrue(client.login("alice", "alicepw", "", 1), () -> "login refused: " + client.loginRejectReason());
    }

    private String[] nodeArguments(final int node, final String... more)
    {
        final List<String> arguments = new ArrayList<>(List.of("--config=" + config, "--data=" + data[node],
            "--listen=" + hostPort(gateways[node]), "--replication-listen=" + hostPort(replication[node]),
            "--market-data-listen=off"));
        arguments.addAll(List.of(more));
        return arguments.toArray(String[]::new);
    }

    /**
     * The node that died comes back as the standby of the one promoted. A tail it journaled that the other never had
     * parts their histories: it is refused, naming where, and the operator sets that tail aside before it rejoins.
     */
    private ChildNode rejoinAsStandby(final int node, final int primary) throws Exception
    {
        final String name = node == 0 ? "a" : "b";
        final String standbyOf = "--standby-of=" + hostPort(replication[primary]);
        ChildNode rejoined = ChildNode.start(name, this::keepClientAlive, nodeArguments(node, standbyOf));
        final ReplicationMessages.State state = awaitState(node, s ->
            s.detail().startsWith("following") || SET_ASIDE.matcher(s.detail()).find());
        final Matcher fork = SET_ASIDE.matcher(state.detail());
        if (fork.find())
        {
            rejoined.terminate();
            TailSetAside.setAside(data[node], Long.parseLong(fork.group(1)));
            tailsSetAside++;
            rejoined = ChildNode.start(name, this::keepClientAlive, nodeArguments(node, standbyOf));
        }
        nodes[node] = rejoined;
        awaitCaughtUp(node, primary);
        return rejoined;
    }

    /** Polls the client while the test waits for something else, so that it answers the server's heartbeats. */
    private void keepClientAlive()
    {
        if (client != null)
        {
            try
            {
                client.poll();
            }
            catch (final IOException ex)
            {
                // A connection lost while waiting: the next poll reconnects (the client's auto-reconnect).
            }
        }
    }

    private void awaitCaughtUp(final int standby, final int primary) throws IOException
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (true)
        {
            final ReplicationMessages.State ahead = status(primary);
            final ReplicationMessages.State behind = status(standby);
            if (ahead != null && behind != null && behind.detail().startsWith("following") &&
                behind.journalEnd() >= ahead.journalEnd())
            {
                return;
            }
            if (System.nanoTime() > deadline)
            {
                fail("standby not caught up within 60 s: " + behind + " against " + ahead + "\n" + logs());
            }
            keepClientAlive();
        }
    }

    private ReplicationMessages.State awaitState(final int node,
        final java.util.function.Predicate<ReplicationMessages.State> wanted) throws IOException
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        ReplicationMessages.State state = null;
        while (System.nanoTime() < deadline)
        {
            state = status(node);
            if (state != null && wanted.test(state))
            {
                return state;
            }
            keepClientAlive();
        }
        fail("node " + node + " not in the state wanted within 60 s: " + state + "\n" + logs());
        return null;
    }

    /** A node's answer to STATUS, or null (said on the console) when it gave none. */
    private ReplicationMessages.State status(final int node)
    {
        try
        {
            return AdminRequest.status(replication[node], USER, PASSWORD, ADMIN_TIMEOUT);
        }
        catch (final IOException ex)
        {
            System.out.println("STATUS of node " + node + " unanswered: " + ex + "\n" + logs());
            return null;
        }
    }

    /** Sends orders, at most {@link #WINDOW} unanswered at a time, until the client has this many answers. */
    private void tradeUntilAnswered(final long answered) throws IOException
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (answers.count() < answered)
        {
            if (System.nanoTime() > deadline)
            {
                fail(answers.count() + " answers, not " + answered + ", within 60 s\n" + logs());
            }
            unanswered.removeAll(answers.answered);
            assertTrue(answers.rejects.isEmpty(), () -> "every order accepted: " + answers.rejects);
            if (client.reconnects() != reconnectsSeen)
            {
                // What was sent on a connection that broke before its answer may never have arrived: not counted.
                reconnectsSeen = client.reconnects();
                unanswered.clear();
            }
            if (client.isLoggedIn() && unanswered.size() < WINDOW)
            {
                final long id = nextClientOrderId++;
                // Buys that rest and IOCs that expire, far from any seller: every one is answered, none trades.
                final boolean resting = id % 2 == 0;
                try
                {
                    client.newOrder(ALICE, 1, id, Side.BUY, OrderType.LIMIT,
                        resting ? TimeInForce.GTC : TimeInForce.IOC, false, 5_000_000 + (id % 20) * 100, 100_000);
                    unanswered.add(id);
                }
                catch (final IOException ex)
                {
                    // The connection broke under the send: the client reconnects on its next poll.
                }
            }
            else
            {
                keepClientAlive();
            }
        }
    }

    private void awaitLoggedInAt(final InetSocketAddress gateway) throws IOException
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!(client.isLoggedIn() && gateway.equals(client.address())))
        {
            if (System.nanoTime() > deadline)
            {
                fail("the client did not fail over to " + gateway + " within 60 s: " + client.failure() + "\n" +
                    logs());
            }
            keepClientAlive();
        }
        // What was sent to the dead primary and never answered is lost with it (it was never acknowledged).
        unanswered.clear();
    }

    /** Every order the client was answered is in this node's journal. */
    private void assertAnsweredOrdersIn(final Path node, final String when)
    {
        final Set<Long> journaled = new HashSet<>();
        final Command command = new Command();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        try (JournalReader reader = JournalReader.openReadOnly(node.resolve(DataDirectory.JOURNAL)))
        {
            while (reader.poll((sequence, timestamp, origin, buffer, offset, length) ->
            {
                view.wrap(buffer, offset, length);
                if (CommandCodec.decode(view, 0, length, command) != CommandCodec.MALFORMED &&
                    command.type() == CommandType.NEW_ORDER && command.accountId() == ALICE)
                {
                    journaled.add(command.clientOrderId());
                }
            }, 4096) > 0)
            {
                // To the end.
            }
        }
        final Set<Long> missing = new HashSet<>(answers.answered);
        missing.removeAll(journaled);
        assertTrue(missing.isEmpty(), () -> when + ": " + missing.size() + " orders answered (rejects: " +
            answers.rejects + ") but not journaled, among them " + missing.stream().sorted().limit(20).toList());
    }

    /** Both nodes stopped as a supervisor stops them: the same journal, the same state, and a replay's state. */
    private void stopAndCompare(final int primary) throws Exception
    {
        final int standby = 1 - primary;
        tradeUntilAnswered(answers.count() + 100);
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!unanswered.isEmpty() && client.reconnects() == reconnectsSeen)
        {
            if (System.nanoTime() > deadline)
            {
                fail(unanswered.size() + " orders unanswered 60 s after the last was sent\n" + logs());
            }
            keepClientAlive();
            unanswered.removeAll(answers.answered);
        }
        awaitCaughtUp(standby, primary);
        client.close();
        client = null;
        final long primaryHash = nodes[primary].terminate();
        final long standbyHash = nodes[standby].terminate();
        assertEquals(primaryHash, standbyHash, "the pair ends in the same state");
        for (final Path node : data)
        {
            assertEquals(primaryHash, JournalReplay.of(node.resolve(DataDirectory.JOURNAL)).run().logic().stateHash(),
                "a replay of " + node + "'s journal reaches the state its node stopped with");
        }
        assertEquals(ReplicationFixture.records(data[0]), ReplicationFixture.records(data[1]),
            "the journals are the same record for record");
        for (int i = 0; i < answers.sequences.size(); i++)
        {
            assertEquals(i + 1, answers.sequences.get(i), "the client's stream has no gap and no duplicate");
        }
        assertEquals(0, answers.gaps, "no gap reported");
        assertTrue(answers.rejects.isEmpty(), () -> "every order accepted: " + answers.rejects);
    }

    private String logs()
    {
        final StringBuilder text = new StringBuilder();
        for (final ChildNode node : nodes)
        {
            if (node != null)
            {
                text.append(node.log()).append('\n');
            }
        }
        return text.toString();
    }

    private static String hostPort(final InetSocketAddress address)
    {
        return address.getHostString() + ":" + address.getPort();
    }

    /** The client's stream: every sequence number, the orders accepted, the rejects by reason. */
    private static final class Answers implements ExchangeListener
    {
        final List<Long> sequences = new ArrayList<>();
        final Set<Long> answered = new HashSet<>();
        final java.util.Map<String, Long> rejects = new java.util.TreeMap<>();
        long gaps;

        @Override
        public void onMessage(final long sequence, final Event event)
        {
            if (sequence != ExchangeListener.UNSEQUENCED)
            {
                // An answer of the gateway's own is outside the stream, as on every replicated node.
                sequences.add(sequence);
            }
            if (event.type() == EventType.ORDER_ACCEPTED)
            {
                answered.add(event.clientOrderId());
            }
            else if (event.type() == EventType.ORDER_REJECTED)
            {
                // None is expected; a reject the gateway answers by itself is never journaled, so it is no evidence.
                rejects.merge(String.valueOf(event.rejectReason()), 1L, Long::sum);
            }
        }

        @Override
        public void onGap(final long expectedSequence, final long nextSequence)
        {
            gaps++;
        }

        long count()
        {
            return answered.size();
        }
    }
}
