package dev.exengine.cluster;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.port.CommandSink;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.replay.JournalReplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineClusterTest
{
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path data;

    private final Command order = new Command();

    @Test
    void shouldApplyEveryOrderOnceOnEveryMemberWhenTheLeaderStopsMidRun()
    {
        final TestMembers cluster = new TestMembers("failover", data, 21100, 3, Map.of());
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
