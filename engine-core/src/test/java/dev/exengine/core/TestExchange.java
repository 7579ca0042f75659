package dev.exengine.core;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A processor with a standard setup, recording every event as canonical text without sequence, timestamp and
 * command type, and checking conservation after every command.
 */
public final class TestExchange
{
    public static final int BASE = 1;
    public static final int QUOTE = 2;
    /** tick 1, lot 1, tick value 1 (notional = price * quantity), no fees. */
    public static final int PLAIN = 10;
    /** Like PLAIN with maker 1000 ppm, taker 2000 ppm. */
    public static final int FEES = 20;
    /** tick 10, lot 5, tick value 2, min 10, max 100. */
    public static final int GRID = 30;
    public static final long FEE_ACCOUNT = 99;

    public final BusinessLogicProcessor blp;
    public final List<String> events = new ArrayList<>();
    private final Event copy = new Event();
    private long sequence;

    public TestExchange()
    {
        this(new BusinessLogicProcessor());
    }

    public TestExchange(final BusinessLogicProcessor blp)
    {
        this.blp = blp;
    }

    /** Assets BASE and QUOTE, accounts 1..3 with 1_000 base and 1_000_000 quote, fee account, three instruments. */
    public static TestExchange standard()
    {
        final TestExchange exchange = new TestExchange();
        exchange.apply(new Command().type(CommandType.ADD_ASSET).assetId(BASE).scale(8));
        exchange.apply(new Command().type(CommandType.ADD_ASSET).assetId(QUOTE).scale(4));
        exchange.apply(new Command().type(CommandType.OPEN_ACCOUNT).accountId(FEE_ACCOUNT));
        for (long account = 1; account <= 3; account++)
        {
            exchange.apply(new Command().type(CommandType.OPEN_ACCOUNT).accountId(account));
            exchange.apply(deposit(account, BASE, 1_000));
            exchange.apply(deposit(account, QUOTE, 1_000_000));
        }
        exchange.apply(instrument(PLAIN, 1, 1, 1, 1, 1_000_000, 0, 0));
        exchange.apply(instrument(FEES, 1, 1, 1, 1, 1_000_000, 1_000, 2_000));
        exchange.apply(instrument(GRID, 10, 5, 2, 10, 100, 0, 0));
        return exchange;
    }

    public static Command deposit(final long account, final int asset, final long amount)
    {
        return new Command().type(CommandType.DEPOSIT).accountId(account).assetId(asset).amount(amount);
    }

    public static Command instrument(
        final int id, final long tick, final long lot, final long tickValue, final long min, final long max,
        final int maker, final int taker)
    {
        return new Command().type(CommandType.ADD_INSTRUMENT).instrumentId(id).baseAssetId(BASE)
            .quoteAssetId(QUOTE).tickSize(tick).lotSize(lot).tickValue(tickValue).minQuantity(min).maxQuantity(max)
            .makerFeePpm(maker).takerFeePpm(taker).feeAccountId(FEE_ACCOUNT);
    }

    public static Command order(
        final long account, final int instrument, final long clientOrderId, final Side side, final OrderType type,
        final TimeInForce timeInForce, final long price, final long quantity)
    {
        return new Command().type(CommandType.NEW_ORDER).accountId(account).instrumentId(instrument)
            .clientOrderId(clientOrderId).side(side).orderType(type).timeInForce(timeInForce).price(price)
            .quantity(quantity);
    }

    public static Command limit(
        final long account, final int instrument, final long clientOrderId, final Side side, final long price,
        final long quantity)
    {
        return order(account, instrument, clientOrderId, side, OrderType.LIMIT, TimeInForce.GTC, price, quantity);
    }

    public static Command cancel(final long account, final long orderId)
    {
        return new Command().type(CommandType.CANCEL_ORDER).accountId(account).orderId(orderId);
    }

    public static Command replace(final long account, final long orderId, final long price, final long quantity)
    {
        return new Command().type(CommandType.REPLACE_ORDER).accountId(account).orderId(orderId).price(price)
            .quantity(quantity);
    }

    public static Command transfer(
        final long from, final long to, final int asset, final long amount, final long transferId)
    {
        return new Command().type(CommandType.TRANSFER).accountId(from).targetAccountId(to).assetId(asset)
            .amount(amount).transferId(transferId);
    }

    /** Applies a command; returns its events (compact text) and checks conservation of every asset. */
    public List<String> apply(final Command command)
    {
        events.clear();
        sequence++;
        blp.apply(command, sequence, 1_000 + sequence, event ->
        {
            assertEquals(sequence, event.sequence());
            assertEquals(command.type(), event.commandType());
            events.add(copy.copyFrom(event).sequence(0).timestamp(0).commandType(null).toString());
        });
        for (final int asset : blp.assetIds())
        {
            assertEquals(blp.deposited(asset) - blp.withdrawn(asset), blp.totalBalance(asset),
                "conservation of asset " + asset + " after " + command);
        }
        return new ArrayList<>(events);
    }

    /** Applies a command that must be rejected: asserts the state hash is unchanged. */
    public List<String> rejected(final Command command)
    {
        final long before = blp.stateHash();
        final List<String> result = apply(command);
        assertEquals(before, blp.stateHash(), "state changed by " + command);
        return result;
    }

    public static void assertEvents(final List<String> actual, final String... expected)
    {
        assertEquals(Arrays.asList(expected), actual);
    }
}
