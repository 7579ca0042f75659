package dev.exengine.pipeline;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.config.PipelineMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The logic thread prefetches the commands of a ring batch ahead of applying them. With a book large enough for the
 * prefetch to look orders up (over ten thousand resting orders, then replaces and cancels of them sent as fast as
 * the ring takes them, so batches hold many commands), every pipeline mode reaches the state the same commands give
 * applied one by one.
 */
class BatchPrefetchTest
{
    private static final int RESTING = 12_000;
    private static final int FLOW = 20_000;

    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(PipelineMode.class)
    void shouldReachTheStateOfTheCommandsAppliedOneByOne(final PipelineMode mode) throws InterruptedException
    {
        final List<Command> commands = commands();
        final BusinessLogicProcessor direct = new BusinessLogicProcessor();
        for (int i = 0; i < commands.size(); i++)
        {
            direct.apply(commands.get(i), i + 1, i + 1, event -> { });
        }
        assertTrue(direct.liveOrderCount() >= BusinessLogicProcessor.PREFETCH_MIN_LIVE_ORDERS,
            "a book large enough for the prefetch to look orders up: " + direct.liveOrderCount());
        final RecordingOutput output = new RecordingOutput();
        try (Engine engine = Engine.start(new EngineConfig().dataDirectory(data).pipelineMode(mode)
            .snapshotOnClose(false), output))
        {
            for (final Command command : commands)
            {
                EngineTest.submit(engine, command);
            }
            output.await(event -> event.contains("sequence=" + commands.size() + " "));
            assertEquals(direct.stateHash(), engine.shutdown());
        }
    }

    /** The flow's market, resting orders on both sides, then replaces by a tick or two and a few cancels. */
    private static List<Command> commands()
    {
        final List<Command> commands = new ArrayList<>();
        final CommandFlow flow = new CommandFlow(1);
        while (flow.index() < CommandFlow.SETUP_COMMANDS)
        {
            commands.add(flow.next(new Command()));
        }
        for (int i = 0; i < RESTING; i++)
        {
            commands.add(new Command().type(CommandType.NEW_ORDER).accountId(1 + i % CommandFlow.TRADERS)
                .instrumentId(CommandFlow.INSTRUMENT).clientOrderId(i).side(i % 2 == 0 ? Side.BUY : Side.SELL)
                .orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).price(price(i)).quantity(1 + i % 9));
        }
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < FLOW; i++)
        {
            final int order = random.nextInt(RESTING);
            // Engine order ids follow acceptance: the i-th resting order has id i + 1.
            final Command command = new Command().accountId(1 + order % CommandFlow.TRADERS).orderId(order + 1);
            commands.add(random.nextInt(10) == 0 ? command.type(CommandType.CANCEL_ORDER) :
                command.type(CommandType.REPLACE_ORDER).price(price(order) + random.nextInt(-2, 3))
                    .quantity(1 + random.nextInt(9)));
        }
        return commands;
    }

    /** Bids from 5,000 to 8,999, asks from 11,000 to 14,999: the replaces never cross. */
    private static long price(final int order)
    {
        return order % 2 == 0 ? 5_000 + order % 4_000 : 11_000 + order % 4_000;
    }
}
