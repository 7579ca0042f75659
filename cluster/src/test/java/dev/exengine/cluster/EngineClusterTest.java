package dev.exengine.cluster;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.port.CommandSink;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.replay.JournalReplay;
import io.aeron.archive.ArchiveMarkFile;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusterMarkFile;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineClusterTest
{
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path data;

    private final Command order = new Command();

    @Test
    void shouldApplyEveryOrderOnceOnEveryMemberWhenTheLeaderStopsMidRun() throws IOException
    {
        // A snapshot every 1,000 commands: the stopped member comes back from its own, the others take more meanwhile.
        final TestMembers cluster = new TestMembers("failover", data, 21100, 3, Map.of("cluster.snapshot-every", "1000"));
        try
        {
            cluster.startAll();
            final int leader = cluster.awaitLeader(TIMEOUT);
            final int sender = (leader + 1) % 3;
            submitOrders(cluster.member(sender).ingress(), 1, 2000);
            cluster.stop(leader);
            submitOrders(cluster.member(sender).ingress(), 2001, 4000);
            final int survivor = (leader + 2) % 3;
            for (final int member : new int[] {sender, survivor})
            {
                final TestMembers.RecordingOutput output = cluster.output(member);
                TestMembers.await("member " + member + " answered every order", TIMEOUT,
                    () -> output.orderAnswers.size() == 4000);
                output.orderAnswers.forEach((id, answers) -> assertEquals(1, answers, "order " + id));
            }
            assertTrue(cluster.member(sender).clusterIngress().failovers() >= 1);
            // A snapshot the last orders made due completes after their answers (in one CI run: at 4,011 of 4,011).
            TestMembers.await("two periodic snapshots taken", TIMEOUT,
                () -> cluster.member(sender).member().snapshotCount() >= 2);
            final long snapshots = cluster.member(sender).member().snapshotCount();
            assertTrue(snapshots >= 2, "periodic snapshots taken: " + snapshots);
            try (Stream<Path> written = Files.list(MemberDirectory.of(data, sender).resolve("snapshots")))
            {
                assertTrue(written.findAny().isPresent(), "the project-format snapshots beside them");
            }

            // The stopped member comes back, catches up on what it missed and hands out only that.
            final TestMembers.RecordingOutput before = cluster.output(leader);
            cluster.start(leader);
            cluster.awaitSetUp(leader);
            final TestMembers.RecordingOutput after = cluster.output(leader);
            TestMembers.await("the restarted member caught up", TIMEOUT,
                () -> before.orderAnswers.size() + after.orderAnswers.size() == 4000);
            final Map<Long, Integer> both = new HashMap<>(before.orderAnswers);
            after.orderAnswers.forEach((id, answers) -> both.merge(id, answers, Integer::sum));
            assertEquals(4000, both.size());
            both.forEach((id, answers) -> assertEquals(1, answers, "order " + id + " on the restarted member"));
        }
        finally
        {
            cluster.close();
        }
        final long hash = replayedHash(0);
        assertEquals(hash, replayedHash(1));
        assertEquals(hash, replayedHash(2));
        assertNotEquals(0, hash);
    }

    @Test
    void shouldRefuseAMemberWhoseJournalHoldsAnotherHistoryThanTheLog() throws IOException
    {
        final Path member = data.resolve("a");
        final Path other = data.resolve("b");
        runAlone(member, 1, 50);
        runAlone(other, 51, 100);
        // The same cluster's name and member id, so the directory's identity passes: its content does not.
        final Path journal = MemberDirectory.of(member, 0).resolve("journal");
        deleteTree(journal);
        copyTree(MemberDirectory.of(other, 0).resolve("journal"), journal);

        final TestMembers again = new TestMembers("history", member, 21300, 1, Map.of());
        try
        {
            again.start(0);
            final MemberRefusedException refused = assertThrows(MemberRefusedException.class, () -> again.awaitSetUp(0));
            assertTrue(refused.getMessage().contains("holds another command at sequence 1 than the cluster's log"),
                refused.getMessage());
        }
        finally
        {
            again.close();
        }
    }

    @Test
    void shouldRefuseAMemberWhoseAeronDirectoryIsDamaged() throws IOException
    {
        runAlone(data, 1, 50);
        final Path recordingLog = MemberDirectory.of(data, 0).resolve("aeron").resolve("cluster")
            .resolve("recording.log");
        final byte[] garbage = Files.readAllBytes(recordingLog);
        for (int i = 0; i < garbage.length; i++)
        {
            garbage[i] = (byte)(0x5A ^ i);
        }
        Files.write(recordingLog, garbage);

        final TestMembers again = new TestMembers("history", data, 21300, 1, Map.of());
        try
        {
            // Aeron takes the damaged recording log for none and starts a new log: the member's journal, which holds
            // what the old log held, tells the two apart.
            final MemberRefusedException refused = assertThrows(MemberRefusedException.class, () ->
            {
                again.start(0);
                again.awaitSetUp(0);
            });
            assertTrue(refused.getMessage().contains("Aeron state (aeron/: the log and snapshots it recorded) was " +
                "lost or damaged"), refused.getMessage());
        }
        finally
        {
            again.close();
        }
    }

    @Test
    void shouldStartAMemberWhoseRecordingsLastFragmentAKillCutShort() throws IOException
    {
        final Path live = data.resolve("live");
        final Path killed = data.resolve("killed");
        try (TestMembers alone = new TestMembers("torn", live, 21340, 1, Map.of()))
        {
            alone.startAll();
            submitOrders(alone.member(0).ingress(), 1, 50);
            TestMembers.await("the orders applied", TIMEOUT, () -> alone.output(0).orderAnswers.size() == 50);
            // What a kill leaves: the files as they are while the member runs, its log's recording still open.
            copyTree(live, killed);
        }
        final Path member = MemberDirectory.of(killed, 0);
        // The marks name this process, which runs: a killed member's are removed at its start (StaleMarksTest).
        Files.delete(member.resolve("aeron").resolve("cluster").resolve(ClusterMarkFile.FILENAME));
        Files.delete(member.resolve("aeron").resolve("cluster").resolve(ClusterMarkFile.markFilenameForService(0)));
        Files.delete(member.resolve("aeron").resolve("archive").resolve(ArchiveMarkFile.FILENAME));
        final Path segment;
        try (Stream<Path> files = Files.list(member.resolve("aeron").resolve("archive")))
        {
            segment = files.filter(path -> path.toString().endsWith(".rec")).sorted().findFirst().orElseThrow();
        }
        tearTheFragmentAfterTheLast(segment);

        try (TestMembers again = new TestMembers("torn", killed, 21340, 1, Map.of()))
        {
            again.startAll();
            submitOrders(again.member(0).ingress(), 51, 60);
            TestMembers.await("the orders after the restart applied", TIMEOUT,
                () -> again.output(0).orderAnswers.size() == 10);
        }
    }

    /**
     * Writes, after the segment's last whole fragment, the header of one that reaches over the next page boundary with
     * the page after it empty: a write the kill cut at a page boundary.
     */
    private static void tearTheFragmentAfterTheLast(final Path segment) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
        {
            final byte[] header = new byte[4];
            long end = 0;
            while (true)
            {
                file.seek(end);
                file.readFully(header);
                final int length = new UnsafeBuffer(header).getInt(0, ByteOrder.LITTLE_ENDIAN);
                if (length <= 0)
                {
                    break;
                }
                end += (length + 31) & ~31;
            }
            new UnsafeBuffer(header).putInt(0, 4096 + 64, ByteOrder.LITTLE_ENDIAN);
            file.seek(end);
            file.write(header);
        }
    }

    @Test
    void shouldAnswerForAClosedMemberWithoutReadingItsGoneCounters()
    {
        final ClusterMember closed;
        try (TestMembers alone = new TestMembers("closed", data.resolve("closed"), 21320, 1, Map.of()))
        {
            alone.startAll();
            closed = alone.member(0).member();
            assertTrue(closed.isLeader());
            assertTrue(closed.commitPosition() > 0);
        }
        // Its media driver's memory, which held the counters, is unmapped now: reading it would crash the JVM.
        assertEquals(Cluster.Role.FOLLOWER, closed.role());
        assertFalse(closed.isLeader());
        assertFalse(closed.requestSnapshot());
        final IllegalStateException refused = assertThrows(IllegalStateException.class, closed::commitPosition);
        assertTrue(refused.getMessage().contains("member 0 is closed"), refused.getMessage());
        assertThrows(IllegalStateException.class, closed::electionCount);
    }

    /** A cluster of one member on {@code directory}: started, the orders applied, stopped. */
    private void runAlone(final Path directory, final long first, final long last)
    {
        try (TestMembers alone = new TestMembers("history", directory, 21300, 1, Map.of()))
        {
            alone.startAll();
            submitOrders(alone.member(0).ingress(), first, last);
            TestMembers.await("the orders applied", TIMEOUT,
                () -> alone.output(0).orderAnswers.size() == last - first + 1);
        }
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(path);
            }
        }
    }

    private long replayedHash(final int member)
    {
        return JournalReplay.of(MemberDirectory.of(data, member).resolve("journal")).run().logic().stateHash();
    }

    private void submitOrders(final CommandSink ingress, final long first, final long last)
    {
        for (long i = first; i <= last; i++)
        {
            order.reset();
            order.type(CommandType.NEW_ORDER).accountId(1 + i % 2).instrumentId(1).clientOrderId(i)
                .side(i % 2 == 0 ? Side.BUY : Side.SELL).orderType(OrderType.LIMIT)
                .timeInForce(TimeInForce.GTC).price(5_000_000 + (i % 7) * 100).quantity(100_000);
            SubmitResult result;
            while ((result = ingress.submit(1, order)) == SubmitResult.BUSY)
            {
                Thread.onSpinWait();
            }
            assertEquals(SubmitResult.ACCEPTED, result);
        }
    }
}
