package dev.exengine.server;

import dev.exengine.client.ExchangeClient;
import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.journal.CommandJournal;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.replication.AdminRequest;
import dev.exengine.replication.ReplicationMessages;
import dev.exengine.storage.DataDirectory;
import dev.exengine.storage.SequenceMark;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
    /** 2024-05-01T00:00:00Z in epoch nanoseconds. */
    private static final long DAY_ONE_NANOS = 1_714_521_600_000_000_000L;

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

    @Test
    void shouldRefuseAStandbyThatAsksForRecordsThePrimaryNoLongerHoldsAndLeaveItsJournalAlone() throws IOException
    {
        fixture = new ReplicationFixture(dir);
        // The primary's journal in two daily cycle files; a snapshot covers the first, which is then moved away, as
        // replay-tool prune --archive does.
        final Path data = dir.resolve("primary");
        final List<Command> market = ReplicationFixture.market();
        final int half = market.size() / 2;
        appendOnDay(data, market.subList(0, half), 0);
        appendOnDay(data, market.subList(half, market.size()), 1);
        writeSnapshot(data, market.subList(0, half));
        final Path firstCycle;
        try (Stream<Path> files = Files.list(data.resolve(DataDirectory.JOURNAL)))
        {
            firstCycle = files.filter(file -> file.toString().endsWith(".cq4")).sorted().findFirst().orElseThrow();
        }
        Files.delete(firstCycle);
        // Its gateway stored the replies of every record (prune keeps what the gateway's next start replays); the
        // market-data feed's store would need them all, so this primary serves none.
        Files.createDirectories(data.resolve(DataDirectory.GATEWAY));
        try (SequenceMark routed = SequenceMark.open(data.resolve(DataDirectory.GATEWAY)
            .resolve(DataDirectory.ROUTED_THROUGH)))
        {
            routed.set(market.size());
        }
        fixture.withoutFeed();
        final Node primary = fixture.primary("primary", DurabilityMode.PROCESS);
        assertEquals(market.size(), primary.engine().durableJournalSequence(), "the primary starts on what it holds");

        final Node standby = fixture.standby("standby", primary);
        final ReplicationMessages.State refused = awaitState(standby, "which this primary no longer holds");
        assertTrue(refused.detail().contains("journal sequence 1") &&
            refused.detail().contains("seed the standby from a backup"), refused.detail());
        assertEquals(0, standby.engine().durableJournalSequence(), "the standby took nothing");
    }

    /** Journals the commands into the daily cycle file {@code day} days after the first (Chronicle picks the file). */
    private static void appendOnDay(final Path data, final List<Command> commands, final int day)
    {
        final ExpandableArrayBuffer encoded = new ExpandableArrayBuffer(CommandCodec.MAX_ENCODED_LENGTH);
        try (CommandJournal journal = CommandJournal.open(data.resolve(DataDirectory.JOURNAL), DurabilityMode.PROCESS,
            new SetTimeProvider(DAY_ONE_NANOS + day * TimeUnit.DAYS.toNanos(1))))
        {
            for (final Command command : commands)
            {
                final int length = CommandCodec.encode(command, encoded, 0);
                journal.append(DAY_ONE_NANOS + journal.nextSequence(), 0, ByteBuffer.wrap(encoded.byteArray()), 0,
                    length);
            }
        }
    }

    /** The snapshot the engine would write after these commands, the journal's first. */
    private static void writeSnapshot(final Path data, final List<Command> commands)
    {
        final BusinessLogicProcessor logic = new BusinessLogicProcessor();
        for (int i = 0; i < commands.size(); i++)
        {
            logic.apply(commands.get(i), i + 1, DAY_ONE_NANOS + i + 1, event -> { });
        }
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        final int length = logic.writeSnapshot(buffer, 0);
        SnapshotStore.open(data.resolve(DataDirectory.SNAPSHOTS)).write(commands.size(), logic.stateHash(),
            ByteBuffer.wrap(buffer.byteArray(), 0, length));
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
