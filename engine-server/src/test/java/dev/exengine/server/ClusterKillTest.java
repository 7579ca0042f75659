package dev.exengine.server;

import dev.exengine.client.ExchangeClient;
import dev.exengine.cluster.ClusterSettings;
import dev.exengine.cluster.MemberDirectory;
import dev.exengine.cluster.MemberStatus;
import dev.exengine.replay.JournalReplay;
import dev.exengine.storage.DataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three members as an operator runs them ({@code bin/engine cluster --member N}, a JVM each), the leader killed with
 * SIGKILL under a client's orders, twice, each time restarted at once and caught up (the second from its snapshot and
 * the log after it): the client moves between gateways with no gap and no duplicate in its stream, no order answered
 * twice, every order sent after a move answered, and in the end every member's state hash equal, and equal to a
 * replay of its journal.
 */
// 40-65 s on a quiet 2-core machine: three JVMs, two restarts. A restarted member no longer waits ~10 s for the marks
// of the one killed (StaleMarks).
class ClusterKillTest
{
    private static final String READY = "serves clients on /";
    private static final int COMMANDS_PER_PHASE = 1_000;

    @TempDir
    Path dir;

    @Test
    void shouldLoseNoAnsweredOrderWhenTheLeaderIsKilledTwice() throws Exception
    {
        final String name = "kill-" + ProcessHandle.current().pid();
        // A snapshot every 1,500 commands: the second member killed has one (taken while the first was down), and
        // catches up from it and the log after it.
        final ClusterFixture cluster =
            new ClusterFixture(dir, name, 3, 21260, Map.of("cluster.snapshot-every", "1500"));
        final ChildNode[] members = new ChildNode[3];
        final List<ChildNode> everyRun = new ArrayList<>();
        final ClusterFixture.Recorder stream = new ClusterFixture.Recorder();
        boolean traded = false;
        try
        {
            final List<CompletableFuture<ChildNode>> starting = new ArrayList<>();
            for (int i = 0; i < 3; i++)
            {
                final int id = i;
                starting.add(CompletableFuture.supplyAsync(() -> start(cluster, id, () -> { })));
            }
            for (int i = 0; i < 3; i++)
            {
                members[i] = starting.get(i).join();
                everyRun.add(members[i]);
            }
            final List<InetSocketAddress> gateways = new ArrayList<>();
            for (final ChildNode member : members)
            {
                gateways.add(gatewayOf(member));
            }
            // The client starts on the leader's gateway, so that the first kill moves it.
            final int first = leader(cluster, null);
            final List<InetSocketAddress> leaderFirst = new ArrayList<>(gateways);
            leaderFirst.add(0, leaderFirst.remove(first));
            final ClusterFixture.Trader alice = new ClusterFixture.Trader(
                cluster.login(stream, "alice", "alicepw", leaderFirst), stream, ClusterFixture.ALICE, 1);
            final Random random = new Random(22);
            for (int kill = 0; kill < 2; kill++)
            {
                trade(alice, random, COMMANDS_PER_PHASE);
                final int leader = leader(cluster, alice);
                final long failoversBefore = stream.failovers;
                final boolean clientWasThere = gateways.get(leader).equals(alice.client.address());
                members[leader].kill();
                // Orders go on while the others elect a leader; the killed member comes back at once.
                trade(alice, random, COMMANDS_PER_PHASE);
                if (clientWasThere)
                {
                    assertTrue(stream.failovers > failoversBefore, "the client moved off the killed member");
                }
                // The client keeps polling meanwhile, as a real one does: a client silent for the ~20 s the restart
                // takes is rightly ended by its gateway (after 15 s of silence), and what it sends before it reads
                // that is lost with the connection.
                members[leader] = start(cluster, leader, () -> poll(alice.client));
                everyRun.add(members[leader]);
                if (kill == 1)
                {
                    members[leader].awaitOutput(line -> line.contains("restored the cluster snapshot"),
                        "a restore from its snapshot");
                }
                gateways.set(leader, gatewayOf(members[leader]));
            }
            trade(alice, random, COMMANDS_PER_PHASE);
            assertTrue(stream.failovers >= 1, "the client moved off a killed member");
            final long last = alice.nextClientOrderId;
            ClusterFixture.pollUntil("the last order answered", () -> stream.orderAnswers.containsKey(last),
                alice.client);
            stream.orderAnswers.forEach((id, answers) -> assertEquals(1, answers, "answers to order " + id));
            stream.cancelAnswers.forEach((id, answers) -> assertEquals(1, answers, "answers to cancel " + id));
            for (int i = 1; i < stream.sequences.size(); i++)
            {
                assertEquals(stream.sequences.get(i - 1) + 1, stream.sequences.get(i), "no gap, no duplicate");
            }
            // Only what a gateway whose connection went had not read may be unanswered: nothing sent after the last loss.
            final List<Long> unanswered = new ArrayList<>();
            for (long id = Math.max(alice.firstAfterLoss, 1_000_000_001L); id <= last; id++)
            {
                if (!stream.orderAnswers.containsKey(id))
                {
                    unanswered.add(id);
                }
            }
            assertEquals(List.of(), unanswered, "orders sent after the client's last lost connection (from " +
                alice.firstAfterLoss + ", " + stream.failovers + " moves; connections lost: " + stream.disconnects +
                ") and not answered");
            // Every member holds the whole log: the last order's commit reached all three.
            awaitSameCommitPosition(cluster, alice);
            traded = true;
        }
        finally
        {
            if (!traded)
            {
                for (final ChildNode member : everyRun)
                {
                    System.err.println(member.log());
                }
            }
            final long[] hashes = new long[3];
            boolean stopped = true;
            for (int i = 0; i < 3; i++)
            {
                if (members[i] != null && members[i].isAlive())
                {
                    hashes[i] = members[i].terminate();
                }
                else
                {
                    stopped = false;
                }
            }
            cluster.close();
            if (traded && stopped)
            {
                for (int i = 0; i < 3; i++)
                {
                    assertEquals(hashes[0], hashes[i], "member " + i + "'s state hash");
                    assertEquals(hashes[i], JournalReplay.of(MemberDirectory.of(cluster.data(), i)
                        .resolve(DataDirectory.JOURNAL)).run().logic().stateHash(), "member " + i + "'s replay");
                }
                assertEquals(ClusterFixture.records(MemberDirectory.of(cluster.data(), 0).resolve(DataDirectory.JOURNAL)),
                    ClusterFixture.records(MemberDirectory.of(cluster.data(), 1).resolve(DataDirectory.JOURNAL)));
                assertEquals(ClusterFixture.records(MemberDirectory.of(cluster.data(), 0).resolve(DataDirectory.JOURNAL)),
                    ClusterFixture.records(MemberDirectory.of(cluster.data(), 2).resolve(DataDirectory.JOURNAL)));
            }
        }
    }

    private static ChildNode start(final ClusterFixture cluster, final int id, final Runnable meanwhile)
    {
        return ChildNode.launch("member-" + id, READY, meanwhile, "cluster", "--config", cluster.config().toString(),
            "--member", String.valueOf(id));
    }

    private static void poll(final ExchangeClient client)
    {
        try
        {
            if (client.poll() == 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The gateway address the member's ready line names. */
    private static InetSocketAddress gatewayOf(final ChildNode member)
    {
        final String line = member.awaitOutput(text -> text.contains(READY), "ready");
        final String address = line.substring(line.indexOf(READY) + READY.length(), line.indexOf(", session"));
        final int colon = address.lastIndexOf(':');
        return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }

    /** Sends this many orders and cancels, moving to another gateway when the client's goes away. */
    private static void trade(final ClusterFixture.Trader trader, final Random random, final int commands)
        throws IOException
    {
        final long target = trader.orders + trader.cancels + commands;
        long lost = trader.stream.disconnects.size();
        while (trader.orders + trader.cancels < target)
        {
            final long seen = lost;
            ClusterFixture.pollUntil("logged in, with room to send", () -> trader.client.isLoggedIn() &&
                (trader.unanswered() - trader.allowance < ClusterFixture.IN_FLIGHT ||
                    trader.stream.disconnects.size() != seen), trader.client);
            if (trader.stream.disconnects.size() != lost)
            {
                lost = trader.stream.disconnects.size();
                // What the client wrote into a connection that went, and its gateway never read, is never answered:
                // room for new ones. The connection goes when its member is killed (the client then moves to another),
                // and also when the gateway or the client finds the other silent on a loaded machine (the client may
                // then log in at the same gateway again).
                trader.allowance = trader.unanswered();
                trader.firstAfterLoss = trader.nextClientOrderId + 1;
            }
            try
            {
                trader.act(random);
            }
            catch (final IOException ex)
            {
                // The connection went as this was sent; not counted as sent.
            }
        }
    }

    /** The member that leads, read from its counters; polls the trader's client meanwhile, when there is one. */
    private static int leader(final ClusterFixture cluster, final ClusterFixture.Trader trader)
    {
        final int[] found = {-1};
        final BooleanSupplier leads = () ->
        {
            for (int i = 0; i < 3; i++)
            {
                if (status(cluster, i) != null && "LEADER".equals(status(cluster, i).role()) &&
                    "CLOSED".equals(status(cluster, i).electionState()))
                {
                    found[0] = i;
                    return true;
                }
            }
            return false;
        };
        if (trader != null)
        {
            ClusterFixture.pollUntil("a leader", leads, trader.client);
            return found[0];
        }
        final long deadline = System.nanoTime() + ClusterFixture.DEADLINE_NANOS;
        while (!leads.getAsBoolean())
        {
            assertTrue(System.nanoTime() - deadline < 0, "no leader within 60 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return found[0];
    }

    private static void awaitSameCommitPosition(final ClusterFixture cluster, final ClusterFixture.Trader trader)
    {
        ClusterFixture.pollUntil("every member at the same commit position", () ->
        {
            final MemberStatus first = status(cluster, 0);
            for (int i = 1; i < 3; i++)
            {
                final MemberStatus other = status(cluster, i);
                if (first == null || other == null || other.commitPosition() != first.commitPosition())
                {
                    return false;
                }
            }
            return true;
        }, trader.client);
    }

    private static MemberStatus status(final ClusterFixture cluster, final int id)
    {
        try
        {
            // The member's own configuration: the file and --member, as the child process reads them.
            final Properties member = new Properties();
            member.setProperty("cluster.member-id", String.valueOf(id));
            return MemberStatus.read(ClusterSettings.load(ServerSettings.load(cluster.config(), member)
                .configuration()).aeronDirectory());
        }
        catch (final IllegalStateException ex)
        {
            return null;
        }
    }
}
