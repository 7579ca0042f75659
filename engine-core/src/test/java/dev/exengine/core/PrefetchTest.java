package dev.exengine.core;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.Side;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.exengine.core.TestExchange.BASE;
import static dev.exengine.core.TestExchange.FEES;
import static dev.exengine.core.TestExchange.QUOTE;
import static dev.exengine.core.TestExchange.cancel;
import static dev.exengine.core.TestExchange.deposit;
import static dev.exengine.core.TestExchange.limit;
import static dev.exengine.core.TestExchange.replace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BusinessLogicProcessor#prefetch} only reads: a processor that prefetches each group of commands before it
 * applies them makes the same events and reaches the same state as one that does not, on a book large enough for the
 * prefetch to look orders up, with commands naming live, finished, unknown and other accounts' orders.
 */
class PrefetchTest
{
    private static final int RESTING = BusinessLogicProcessor.PREFETCH_MIN_LIVE_ORDERS + 8_000;
    private static final int COMMANDS = 40_000;

    @Test
    void shouldMakeTheSameEventsAndStateWhetherOrNotCommandsArePrefetched()
    {
        final List<Command> commands = commands();
        final int firstFlowCommand = commands.size() - COMMANDS;
        final TestExchange plain = TestExchange.standard();
        final TestExchange prefetching = TestExchange.standard();
        int prefetchedOnALargeBook = 0;
        for (int group = 0; group < commands.size(); group += BusinessLogicProcessor.PREFETCH_GROUP)
        {
            final int end = Math.min(commands.size(), group + BusinessLogicProcessor.PREFETCH_GROUP);
            final boolean sampled = group % 4_096 == 0;
            final long hashBefore = sampled ? prefetching.blp.stateHash() : 0;
            for (int i = group; i < end; i++)
            {
                final String before = commands.get(i).toString();
                prefetching.blp.prefetch(commands.get(i));
                assertEquals(before, commands.get(i).toString(), "prefetching changed the command");
                if (i >= firstFlowCommand &&
                    prefetching.blp.liveOrderCount() >= BusinessLogicProcessor.PREFETCH_MIN_LIVE_ORDERS)
                {
                    prefetchedOnALargeBook++;
                }
            }
            if (sampled)
            {
                assertEquals(hashBefore, prefetching.blp.stateHash(), "prefetching changed the state");
            }
            for (int i = group; i < end; i++)
            {
                assertEquals(plain.apply(commands.get(i)), prefetching.apply(commands.get(i)),
                    "events of command " + i + ": " + commands.get(i));
            }
        }
        assertEquals(plain.blp.stateHash(), prefetching.blp.stateHash());
        assertTrue(prefetchedOnALargeBook > COMMANDS * 9 / 10,
            "the book stayed large enough to look orders up: " + prefetchedOnALargeBook);
    }

    @Test
    void shouldAllocateNothingOnALargeBook()
    {
        final List<Command> commands = commands();
        final int firstFlowCommand = commands.size() - COMMANDS;
        final TestExchange exchange = TestExchange.standard();
        for (int i = 0; i < firstFlowCommand; i++)
        {
            exchange.apply(commands.get(i));
        }
        assertTrue(exchange.blp.liveOrderCount() >= BusinessLogicProcessor.PREFETCH_MIN_LIVE_ORDERS);
        final List<Command> flow = commands.subList(firstFlowCommand, commands.size());
        flow.forEach(exchange.blp::prefetch);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < flow.size(); i++)
        {
            exchange.blp.prefetch(flow.get(i));
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated / (double)flow.size() < 0.1, allocated + " bytes for " + flow.size() + " prefetches");
    }

    /** Deposits, the resting orders, then the flow of {@link #COMMANDS} commands. */
    private static List<Command> commands()
    {
        final List<Command> commands = new ArrayList<>();
        for (long account = 1; account <= 3; account++)
        {
            commands.add(deposit(account, BASE, 1_000_000_000L));
            commands.add(deposit(account, QUOTE, 1_000_000_000_000L));
        }
        // Bids at 1,000..4,998, asks at 6,001..9,999: nothing crosses until the flow moves prices.
        for (int i = 0; i < RESTING; i++)
        {
            commands.add(limit(1 + i % 3, FEES, i + 1, i % 2 == 0 ? Side.BUY : Side.SELL, price(i), 1 + i % 7));
        }
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < COMMANDS; i++)
        {
            // Order ids of the resting orders and a fifth beyond: live, finished, and ids the flow's new orders get.
            final long orderId = 1 + random.nextInt(RESTING + RESTING / 5);
            final long account = 1 + random.nextInt(3);
            final int dice = random.nextInt(100);
            if (dice < 86)
            {
                // Mostly near the order's first price: the book stays large.
                final long price = orderId <= RESTING && dice < 80 ? price(orderId - 1) + random.nextInt(-2, 3) :
                    1_000 + random.nextInt(9_000);
                commands.add(replace(account, orderId, price, 1 + random.nextInt(9)));
            }
            else if (dice < 92)
            {
                commands.add(cancel(account, orderId));
            }
            else if (dice < 99)
            {
                commands.add(limit(account, FEES, RESTING + i + 1, random.nextBoolean() ? Side.BUY : Side.SELL,
                    1_000 + random.nextInt(9_000), 1 + random.nextInt(9)));
            }
            else
            {
                commands.add(new Command().type(CommandType.QUERY_OPEN_ORDERS).accountId(account).requestId(i));
            }
        }
        return commands;
    }

    /** The price of the i-th resting order. */
    private static long price(final long i)
    {
        return i % 2 == 0 ? 1_000 + i % 4_000 : 6_000 + i % 4_000;
    }
}
