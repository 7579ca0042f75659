package dev.exengine.core;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.EventListener;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** After warm-up, applying commands allocates nothing: new, IOC, cancel, replace, trades and rejects. */
class AllocationTest
{
    private static final int COMMANDS = 200_000;
    private static final int ACCOUNTS = 10;
    private static final int INSTRUMENT = 10;

    private final BusinessLogicProcessor blp = new BusinessLogicProcessor();
    private final EventListener listener = event -> { };
    private final long[] live = new long[4096];
    private int liveCount;
    private long nextOrderId = 1;
    private long sequence;
    private long seed = 42;

    @Test
    void shouldAllocateNothingPerCommandAfterWarmUp()
    {
        setUp();
        final Command[] commands = new Command[COMMANDS];
        for (int i = 0; i < COMMANDS; i++)
        {
            commands[i] = new Command();
        }
        run(commands);
        run(commands);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        generate(commands);
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        for (final Command command : commands)
        {
            blp.apply(command, ++sequence, sequence, listener);
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertTrue(allocated / (double)COMMANDS < 0.1, allocated + " bytes for " + COMMANDS + " commands, live orders " + blp.liveOrderCount());
    }

    private void run(final Command[] commands)
    {
        generate(commands);
        for (final Command command : commands)
        {
            blp.apply(command, ++sequence, sequence, listener);
        }
    }

    private void setUp()
    {
        final Command command = new Command();
        blp.apply(command.reset().type(CommandType.ADD_ASSET).assetId(1), 0, 0, listener);
        blp.apply(command.reset().type(CommandType.ADD_ASSET).assetId(2), 0, 0, listener);
        for (long account = 1; account <= ACCOUNTS; account++)
        {
            blp.apply(command.reset().type(CommandType.OPEN_ACCOUNT).accountId(account), 0, 0, listener);
            blp.apply(command.reset().type(CommandType.DEPOSIT).accountId(account).assetId(1)
                .amount(1_000_000_000_000L), 0, 0, listener);
            blp.apply(command.reset().type(CommandType.DEPOSIT).accountId(account).assetId(2)
                .amount(1_000_000_000_000_000L), 0, 0, listener);
        }
        blp.apply(command.reset().type(CommandType.ADD_INSTRUMENT).instrumentId(INSTRUMENT).baseAssetId(1)
            .quoteAssetId(2).tickSize(1).lotSize(1).tickValue(1).minQuantity(1).maxQuantity(1_000_000)
            .makerFeePpm(100).takerFeePpm(200).feeAccountId(1), 0, 0, listener);
    }

    /**
     * A mix of GTC limits around a mid price (some crossing), IOC, market, cancels, replaces and rejects. Order ids
     * are predicted only approximately: a stale id just makes a reject, which must not allocate either.
     */
    private void generate(final Command[] commands)
    {
        nextOrderId = blp.nextOrderId();
        for (final Command command : commands)
        {
            final int kind = next(100);
            final long account = 1 + next(ACCOUNTS);
            final Side side = next(2) == 0 ? Side.BUY : Side.SELL;
            final long price = 990 + next(40);
            command.reset();
            if (kind < 9 || liveCount == 0)
            {
                command.type(CommandType.NEW_ORDER).accountId(account).instrumentId(INSTRUMENT)
                    .clientOrderId(next(1_000_000)).side(side).orderType(OrderType.LIMIT)
                    .timeInForce(TimeInForce.GTC).price(price).quantity(1 + next(20));
                remember(nextOrderId++);
            }
            else if (kind < 12)
            {
                command.type(CommandType.NEW_ORDER).accountId(account).instrumentId(INSTRUMENT)
                    .clientOrderId(next(1_000_000)).side(side).orderType(next(2) == 0 ? OrderType.LIMIT :
                    OrderType.MARKET).timeInForce(TimeInForce.IOC).price(price).quantity(1 + next(20));
                nextOrderId++;
            }
            else if (kind < 24)
            {
                command.type(CommandType.CANCEL_ORDER).accountId(account).orderId(take());
            }
            else
            {
                command.type(CommandType.REPLACE_ORDER).accountId(account).orderId(live[next(liveCount)])
                    .price(price).quantity(1 + next(20));
            }
        }
    }

    private void remember(final long orderId)
    {
        if (liveCount == live.length)
        {
            take();
        }
        live[liveCount++] = orderId;
    }

    private long take()
    {
        final int index = next(liveCount);
        final long orderId = live[index];
        live[index] = live[--liveCount];
        return orderId;
    }

    private int next(final int bound)
    {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        return (int)((seed >>> 33) % bound);
    }
}
