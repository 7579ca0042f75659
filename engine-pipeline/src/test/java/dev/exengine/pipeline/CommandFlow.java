package dev.exengine.pipeline;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;

import java.util.SplittableRandom;

/**
 * A deterministic stream of valid state-changing commands: a small market set up by its first commands, then limit
 * orders around a mid price (some crossing, some IOC) and now and then a mass cancel. Command n is the same for the
 * same seed on every run, so a test can regenerate exactly what a killed process had sent.
 */
final class CommandFlow
{
    static final int QUOTE = 1;
    static final int BASE = 2;
    static final int INSTRUMENT = 7;
    static final long FEE_ACCOUNT = 100;
    static final int TRADERS = 10;
    static final int SETUP_COMMANDS = 2 + 1 + TRADERS + 1 + 2 * TRADERS;

    private final SplittableRandom random;
    private long index;

    CommandFlow(final long seed)
    {
        this.random = new SplittableRandom(seed);
    }

    /**
     * @return how many commands have been generated so far.
     */
    long index()
    {
        return index;
    }

    /**
     * Fills {@code command} with the next command of the stream.
     */
    Command next(final Command command)
    {
        command.reset();
        final long n = index++;
        if (n < SETUP_COMMANDS)
        {
            return setUp(n, command);
        }
        final long account = 1 + random.nextInt(TRADERS);
        if (random.nextInt(50) == 0)
        {
            return command.type(CommandType.MASS_CANCEL).accountId(account).instrumentId(INSTRUMENT);
        }
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        final long offset = random.nextInt(12) - 2;
        final long price = side == Side.BUY ? 10_000 - offset : 10_000 + offset;
        return command.type(CommandType.NEW_ORDER).accountId(account).instrumentId(INSTRUMENT).clientOrderId(n)
            .side(side).orderType(OrderType.LIMIT).timeInForce(random.nextInt(10) == 0 ? TimeInForce.IOC : TimeInForce.GTC)
            .price(price).quantity(1 + random.nextInt(10));
    }

    private static Command setUp(final long n, final Command command)
    {
        if (n < 2)
        {
            return command.type(CommandType.ADD_ASSET).assetId(n == 0 ? QUOTE : BASE).scale(2);
        }
        if (n == 2)
        {
            return command.type(CommandType.OPEN_ACCOUNT).accountId(FEE_ACCOUNT);
        }
        if (n < 3 + TRADERS)
        {
            return command.type(CommandType.OPEN_ACCOUNT).accountId(n - 2);
        }
        if (n == 3 + TRADERS)
        {
            return command.type(CommandType.ADD_INSTRUMENT).instrumentId(INSTRUMENT).baseAssetId(BASE)
                .quoteAssetId(QUOTE).tickSize(1).lotSize(1).tickValue(1).minQuantity(1).maxQuantity(1_000)
                .makerFeePpm(100).takerFeePpm(200).feeAccountId(FEE_ACCOUNT);
        }
        final long deposit = n - (4 + TRADERS);
        final boolean quote = deposit < TRADERS;
        return command.type(CommandType.DEPOSIT).accountId(1 + deposit % TRADERS).assetId(quote ? QUOTE : BASE)
            .amount(quote ? 1_000_000_000_000L : 1_000_000_000L);
    }
}
