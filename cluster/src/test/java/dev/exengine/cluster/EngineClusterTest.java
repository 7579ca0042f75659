package dev.exengine.cluster;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.replay.JournalReplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EngineClusterTest
{
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path data;

    @Test
    void shouldApplyTheSameCommandsOnEveryMember()
    {
        try (TestMembers cluster = new TestMembers("smoke", data, 21100, 3, Map.of()))
        {
            cluster.startAll();
            final Command order = new Command();
            for (int i = 1; i <= 1000; i++)
            {
                order.reset();
                order.type(CommandType.NEW_ORDER).accountId(1 + i % 2).instrumentId(1).clientOrderId(i)
                    .side(i % 2 == 0 ? Side.BUY : Side.SELL).orderType(OrderType.LIMIT)
                    .timeInForce(TimeInForce.GTC).price(5_000_000 + (i % 7) * 100).quantity(100_000);
                while (cluster.member(1).ingress().submit(1, order) == SubmitResult.BUSY)
                {
                    Thread.onSpinWait();
                }
            }
            for (int i = 0; i < 3; i++)
            {
                final TestMembers.RecordingOutput output = cluster.output(i);
                TestMembers.await("member answered every order", TIMEOUT, () -> output.orderAnswers.size() == 1000);
            }
            final long[] hashes = new long[3];
            cluster.close();
            for (int i = 0; i < 3; i++)
            {
                hashes[i] = JournalReplay.of(MemberDirectory.of(data, i).resolve("journal")).run().logic().stateHash();
            }
            assertEquals(hashes[0], hashes[1]);
            assertEquals(hashes[0], hashes[2]);
        }
    }
}
