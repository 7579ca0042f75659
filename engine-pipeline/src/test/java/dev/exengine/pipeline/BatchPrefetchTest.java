package dev.exengine.pipeline;

import com.lmax.disruptor.RingBuffer;
import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.EventListener;
import dev.exengine.metrics.MetricCounters;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.pipeline.config.ProgressListener;
import dev.exengine.replay.CommandApplier;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The logic thread prefetches the commands of a ring batch ahead of applying them. With a book large enough for the
 * prefetch to look orders up (over ten thousand resting orders, then replaces and cancels of them sent as fast as
 * the ring takes them, so batches hold many commands), every pipeline mode reaches the state the same commands give
 * applied one by one. And the processor reads ahead only within the batch the ring announced, a group at a time.
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
        final AtomicLong prefetched = new AtomicLong();
        final CommandApplier counting = new CommandApplier()
        {
            @Override
            public void apply(final BusinessLogicProcessor logic, final Command command, final long sequence,
                final long timestamp, final EventListener listener)
            {
                logic.apply(command, sequence, timestamp, listener);
            }

            @Override
            public void prefetch(final BusinessLogicProcessor logic, final Command command)
            {
                prefetched.incrementAndGet();
                logic.prefetch(command);
            }
        };
        final RecordingOutput output = new RecordingOutput();
        try (Engine engine = Engine.start(new EngineConfig().dataDirectory(data).pipelineMode(mode)
            .snapshotOnClose(false), counting, output))
        {
            for (final Command command : commands)
            {
                EngineTest.submit(engine, command);
            }
            output.await(event -> event.contains("sequence=" + commands.size() + " "));
            assertEquals(direct.stateHash(), engine.shutdown());
        }
        // The ring announced every batch (a batch of one too), and each command was prefetched once.
        assertEquals(commands.size(), prefetched.get());
    }

    @Test
    void shouldPrefetchTheCommandsOfTheBatchAGroupAtATimeBeforeApplyingThem()
    {
        final RingBuffer<InputSlot> ring = RingBuffer.createSingleProducer(InputSlot::new, 64);
        for (int i = 0; i < 24; i++)
        {
            final long sequence = ring.next();
            final InputSlot slot = ring.get(sequence);
            // Slot 5 is one a producer gave up (VOID): nothing to prefetch or apply.
            slot.set(sequence == 5 ? InputSlot.Kind.VOID : InputSlot.Kind.COMMAND, 1, sequence);
            slot.command.reset().type(CommandType.CANCEL_ORDER).accountId(1).orderId(sequence);
            ring.publish(sequence);
        }
        final List<String> steps = new ArrayList<>();
        final LogicProcessor logic = logicProcessor(ring, steps);

        // Two batches, of 12 slots and of 8; then slots 20..23 without a batch start: no read beyond what is known.
        logic.onBatchStart(12, 20);
        deliver(logic, ring, 0, 11);
        logic.onBatchStart(8, 8);
        deliver(logic, ring, 12, 19);
        final LogicProcessor unannounced = logicProcessor(ring, steps);
        deliver(unannounced, ring, 20, 23);

        assertEquals(List.of(
            "prefetch 0", "prefetch 1", "prefetch 2", "prefetch 3", "prefetch 4", "prefetch 6", "prefetch 7",
            "apply 0", "apply 1", "apply 2", "apply 3", "apply 4", "apply 6", "apply 7",
            "prefetch 8", "prefetch 9", "prefetch 10", "prefetch 11",
            "apply 8", "apply 9", "apply 10", "apply 11",
            "prefetch 12", "prefetch 13", "prefetch 14", "prefetch 15", "prefetch 16", "prefetch 17", "prefetch 18",
            "prefetch 19",
            "apply 12", "apply 13", "apply 14", "apply 15", "apply 16", "apply 17", "apply 18", "apply 19",
            "apply 20", "apply 21", "apply 22", "apply 23"), steps);
    }

    private static void deliver(final LogicProcessor logic, final RingBuffer<InputSlot> ring, final long from,
        final long to)
    {
        for (long sequence = from; sequence <= to; sequence++)
        {
            logic.onEvent(ring.get(sequence), sequence, sequence == to);
        }
    }

    /** A logic processor whose applier only records what it is asked to prefetch and apply. */
    private static LogicProcessor logicProcessor(final RingBuffer<InputSlot> ring, final List<String> steps)
    {
        final CommandApplier recording = new CommandApplier()
        {
            @Override
            public void apply(final BusinessLogicProcessor logic, final Command command, final long sequence,
                final long timestamp, final EventListener listener)
            {
                steps.add("apply " + command.orderId());
            }

            @Override
            public void prefetch(final BusinessLogicProcessor logic, final Command command)
            {
                steps.add("prefetch " + command.orderId());
            }
        };
        final Failures failing = TestFailures.throwing();
        // No snapshots (every 0 commands) and no failures: no snapshot writer, rebuilder or skip journal is needed.
        return new LogicProcessor(recording, ring, new BusinessLogicProcessor(), 0, 0,
            new EventSink.Direct(new Outputs(List.of(), failing)), null, 0, null, null, ProgressListener.NONE, failing,
            new CountDownLatch(1), new EngineMetrics(MetricCounters.inMemory(), ring.getBufferSize()),
            new SystemEpochNanoClock(), true);
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
