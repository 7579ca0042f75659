package dev.exengine.server;

import dev.exengine.client.ExchangeClient;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.replication.AdminRequest;
import dev.exengine.replication.ReplicationMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.exengine.server.ReplicationFixture.PASSWORD;
import static dev.exengine.server.ReplicationFixture.USER;
import static dev.exengine.server.ReplicationFixture.awaitTrue;
import static dev.exengine.server.ReplicationFixture.pollUntil;
import static dev.exengine.server.ReplicationFixture.records;
import static dev.exengine.server.ReplicationFixture.trade;
import static dev.exengine.server.ReplicationTest.caughtUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a pair of nodes survives: a link cut or stalled mid-stream, a former primary whose journal forked, two primaries
 * by an operator's mistake. Each ends with nothing lost and nothing taken twice.
 */
class ReplicationFaultTest
{
    @TempDir
    Path dir;

    private ReplicationFixture fixture;
    private CuttableProxy proxy;

    @AfterEach
    void tearDown() throws InterruptedException
    {
        fixture.close();
        if (proxy != null)
        {
            proxy.close();
        }
    }

    @Test
    void shouldTakeEveryRecordOnceWhenTheLinkIsCutMidStream() throws IOException
    {
        fixture = new ReplicationFixture(dir);
        final Node primary = fixture.primary("primary", DurabilityMode.PROCESS);
        proxy = new CuttableProxy(primary.replicationAddress());
        final Node standby = fixture.standby("standby", proxy.address());
        final ReplicationFixture.Recorder alice = new ReplicationFixture.Recorder();
        final ExchangeClient client = fixture.login(alice, "alice", "alicepw", primary.address());
        for (int round = 0; round < 5; round++)
        {
            trade(client, round * 400L + 1, 400);
            final long before = proxy.downstreamBytes();
            awaitTrue(() -> proxy.downstreamBytes() > before);
            // While the records of this round are on their way.
            proxy.cut();
        }
        pollUntil(() -> alice.accepted() + alice.rejected() >= 2_000, client);
        awaitTrue(() -> caughtUp(standby, primary));
        assertEquals(records(primary), records(standby), "no record twice, none missing");
    }

    @Test
    void shouldReconnectWhenOneDirectionOfTheLinkStalls() throws IOException
    {
        fixture = new ReplicationFixture(dir);
        final Node primary = fixture.primary("primary", DurabilityMode.PROCESS);
        proxy = new CuttableProxy(primary.replicationAddress());
        final Node standby = fixture.standby("standby", proxy.address());
        final ReplicationFixture.Recorder alice = new ReplicationFixture.Recorder();
        final ExchangeClient client = fixture.login(alice, "alice", "alicepw", primary.address());
        trade(client, 1, 200);
        awaitTrue(() -> caughtUp(standby, primary));

        // The standby's acknowledgements stop reaching the primary: it drops the silent link, the standby reconnects.
        proxy.stallUpstream(true);
        trade(client, 201, 200);
        awaitTrue(() -> !statusOf(standby).detail().startsWith("following"));
        proxy.stallUpstream(false);
        awaitTrue(() -> caughtUp(standby, primary));

        // The primary's records stop reaching the standby: the standby drops the silent link and reconnects.
        proxy.stallDownstream(true);
        trade(client, 401, 200);
        awaitTrue(() -> !statusOf(standby).detail().startsWith("following"));
        proxy.stallDownstream(false);
        pollUntil(() -> alice.accepted() + alice.rejected() >= 600, client);
        awaitTrue(() -> caughtUp(standby, primary));
        assertEquals(records(primary), records(standby));
    }

    @Test
    void shouldRefuseAFormerPrimaryWhoseJournalForkedUntilItsTailIsSetAside() throws IOException
    {
        fixture = new ReplicationFixture(dir);
        final Node primary = fixture.primary("primary", DurabilityMode.PROCESS);
        final Node follower = fixture.standby("standby", primary);
        final ReplicationFixture.Recorder alice = new ReplicationFixture.Recorder();
        final ExchangeClient client = fixture.login(alice, "alice", "alicepw", primary.address());
        trade(client, 1, 100);
        pollUntil(() -> alice.accepted() >= 100, client);
        awaitTrue(() -> caughtUp(follower, primary));
        // The standby falls behind for good, the primary journals on (in PROCESS mode nothing waits for it) and dies.
        fixture.stop(follower);
        trade(client, 101, 50);
        pollUntil(() -> alice.accepted() >= 150, client);
        client.close();
        final long primaryEnd = primary.engine().durableJournalSequence();
        fixture.stop(primary);

        // The standby is promoted: its epoch 1 starts right after the last record it had.
        final Node standby = fixture.standby("standby", ReplicationFixture.freePort());
        final long fork = standby.engine().durableJournalSequence() + 1;
        assertTrue(fork <= primaryEnd, "the old primary holds records the standby never had");
        assertEquals(1, AdminRequest.promote(standby.replicationAddress(), USER, PASSWORD, Duration.ofSeconds(10))
            .epoch());
        final ReplicationFixture.Recorder bob = new ReplicationFixture.Recorder();
        final ExchangeClient bobClient = fixture.login(bob, "bob", "bobpw", standby.address());
        bobClient.newOrder(ReplicationFixture.BOB, 1, 1, dev.exengine.core.command.Side.SELL,
            dev.exengine.core.command.OrderType.LIMIT, dev.exengine.core.command.TimeInForce.GTC, false, 9_000_000,
            100_000);
        pollUntil(() -> bob.accepted() >= 1, bobClient);

        // The old primary comes back as a standby of the new one: refused, with where the histories part.
        final Node formerPrimary = fixture.standby("primary", standby.replicationAddress());
        final ReplicationMessages.State refused = awaitState(formerPrimary, "parts from the primary's at sequence " +
            fork);
        assertTrue(refused.detail().contains("set-aside-tail --data DIR --from " + fork), refused.detail());
        assertEquals(primaryEnd, formerPrimary.engine().durableJournalSequence(), "its journal is left as it was");
        fixture.stop(formerPrimary);

        // The operator sets its tail aside; it rejoins and catches up.
        final Path archive = TailSetAside.setAside(dir.resolve("primary"), fork);
        assertTrue(archive.resolve("journal").toFile().isDirectory(), "kept, never deleted");
        final Node rejoined = fixture.standby("primary", standby.replicationAddress());
        awaitTrue(() -> caughtUp(rejoined, standby));
        assertEquals(records(standby), records(rejoined));
        assertEquals(standby.sessionId(), rejoined.sessionId());
    }

    @Test
    void shouldFenceTheOlderPrimaryWhenATwinIsPromotedByMistake() throws IOException
    {
        fixture = new ReplicationFixture(dir);
        final InetSocketAddress standbyPort = ReplicationFixture.freePort();
        final Node primary = fixture.primary("primary", DurabilityMode.PROCESS, List.of(standbyPort));
        final Node standby = fixture.standby("standby", primary.replicationAddress(), standbyPort);
        final ReplicationFixture.Recorder alice = new ReplicationFixture.Recorder();
        final ExchangeClient client = fixture.login(alice, "alice", "alicepw", primary.address());
        trade(client, 1, 10);
        pollUntil(() -> alice.accepted() >= 10, client);
        awaitTrue(() -> caughtUp(standby, primary));

        // The operator promotes the standby while the primary still runs.
        AdminRequest.promote(standby.replicationAddress(), USER, PASSWORD, Duration.ofSeconds(10));
        awaitTrue(() -> "fenced".equals(statusOf(primary).roleName()));
        assertTrue(statusOf(primary).detail().contains("epoch 1"), statusOf(primary).detail());
        pollUntil(() -> !client.isLoggedIn(), client);

        final ExchangeClient again = fixture.client(new ReplicationFixture.Recorder(), List.of(primary.address()));
        assertFalse(again.login("alice", "alicepw", "", 0), "the fenced primary takes no client");
        assertEquals('S', again.loginRejectReason());
    }

    private static ReplicationMessages.State statusOf(final Node node)
    {
        try
        {
            return AdminRequest.status(node.replicationAddress(), USER, PASSWORD, Duration.ofSeconds(5));
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static ReplicationMessages.State awaitState(final Node node, final String detail)
    {
        final ReplicationMessages.State[] state = new ReplicationMessages.State[1];
        awaitTrue(() -> (state[0] = statusOf(node)).detail().contains(detail));
        return state[0];
    }
}
