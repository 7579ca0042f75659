package dev.exengine.core;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.RejectReason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.exengine.core.TestExchange.BASE;
import static dev.exengine.core.TestExchange.GRID;
import static dev.exengine.core.TestExchange.PLAIN;
import static dev.exengine.core.TestExchange.QUOTE;
import static dev.exengine.core.TestExchange.assertEvents;
import static dev.exengine.core.TestExchange.cancel;
import static dev.exengine.core.TestExchange.deposit;
import static dev.exengine.core.TestExchange.instrument;
import static dev.exengine.core.TestExchange.limit;
import static dev.exengine.core.TestExchange.order;
import static dev.exengine.core.TestExchange.replace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every reject reason of docs/SEMANTICS.md: exactly one event with that reason, and an unchanged state hash. */
class RejectTest
{
    private final TestExchange exchange = TestExchange.standard();

    private void assertRejected(final Command command, final RejectReason reason)
    {
        final List<String> events = exchange.rejected(command);
        assertEquals(1, events.size(), events.toString());
        assertTrue(events.get(0).contains(" rejectReason=" + reason), events.get(0));
    }

    @Test
    void shouldRejectInvalidAdminCommands()
    {
        assertRejected(new Command().type(CommandType.ADD_ASSET).assetId(0), RejectReason.INVALID_ID);
        assertRejected(new Command().type(CommandType.ADD_ASSET).assetId(BASE), RejectReason.DUPLICATE_ASSET);
        assertRejected(new Command().type(CommandType.ADD_ASSET).assetId(5).scale(19), RejectReason.INVALID_SCALE);
        assertRejected(new Command().type(CommandType.OPEN_ACCOUNT).accountId(-1), RejectReason.INVALID_ID);
        assertRejected(new Command().type(CommandType.OPEN_ACCOUNT).accountId(1), RejectReason.DUPLICATE_ACCOUNT);
        assertRejected(new Command().type(CommandType.SUSPEND_ACCOUNT).accountId(8), RejectReason.UNKNOWN_ACCOUNT);
        assertRejected(new Command().type(CommandType.RESUME_ACCOUNT).accountId(1),
            RejectReason.ACCOUNT_NOT_SUSPENDED);
        exchange.apply(new Command().type(CommandType.SUSPEND_ACCOUNT).accountId(1));
        assertRejected(new Command().type(CommandType.SUSPEND_ACCOUNT).accountId(1), RejectReason.ACCOUNT_SUSPENDED);
        assertRejected(new Command().type(CommandType.HALT_INSTRUMENT).instrumentId(77),
            RejectReason.UNKNOWN_INSTRUMENT);
        assertRejected(new Command().type(CommandType.RESUME_INSTRUMENT).instrumentId(PLAIN),
            RejectReason.INSTRUMENT_NOT_HALTED);
        exchange.apply(new Command().type(CommandType.HALT_INSTRUMENT).instrumentId(PLAIN));
        assertRejected(new Command().type(CommandType.HALT_INSTRUMENT).instrumentId(PLAIN),
            RejectReason.INSTRUMENT_HALTED);
    }

    @Test
    void shouldRejectInvalidInstruments()
    {
        assertRejected(instrument(0, 1, 1, 1, 1, 1, 0, 0), RejectReason.INVALID_ID);
        assertRejected(instrument(PLAIN, 1, 1, 1, 1, 1, 0, 0), RejectReason.DUPLICATE_INSTRUMENT);
        assertRejected(instrument(40, 1, 1, 1, 1, 1, 0, 0).quoteAssetId(BASE), RejectReason.UNKNOWN_ASSET);
        assertRejected(instrument(40, 1, 1, 1, 1, 1, 0, 0).baseAssetId(9), RejectReason.UNKNOWN_ASSET);
        assertRejected(instrument(40, 0, 1, 1, 1, 1, 0, 0), RejectReason.INVALID_INSTRUMENT);
        assertRejected(instrument(40, 1, 0, 1, 1, 1, 0, 0), RejectReason.INVALID_INSTRUMENT);
        assertRejected(instrument(40, 1, 1, 0, 1, 1, 0, 0), RejectReason.INVALID_INSTRUMENT);
        assertRejected(instrument(40, 1, 5, 1, 3, 10, 0, 0), RejectReason.INVALID_INSTRUMENT);
        assertRejected(instrument(40, 1, 5, 1, 7, 10, 0, 0), RejectReason.INVALID_INSTRUMENT);
        assertRejected(instrument(40, 1, 5, 1, 10, 5, 0, 0), RejectReason.INVALID_INSTRUMENT);
        assertRejected(instrument(40, 1, 5, 1, 10, 12, 0, 0), RejectReason.INVALID_INSTRUMENT);
        assertRejected(instrument(40, 1, 1, 1, 1, 1, 100_001, 0), RejectReason.INVALID_FEE);
        assertRejected(instrument(40, 1, 1, 1, 1, 1, 0, -1), RejectReason.INVALID_FEE);
        assertRejected(instrument(40, 1, 1, 1, 1, 1, 0, 0).feeAccountId(55), RejectReason.UNKNOWN_ACCOUNT);
    }

    @Test
    void shouldRejectInvalidCashMovements()
    {
        assertRejected(deposit(8, BASE, 1), RejectReason.UNKNOWN_ACCOUNT);
        assertRejected(deposit(1, 9, 1), RejectReason.UNKNOWN_ASSET);
        assertRejected(deposit(1, BASE, 0), RejectReason.INVALID_AMOUNT);
        assertRejected(deposit(1, BASE, Long.MAX_VALUE), RejectReason.OVERFLOW);
        final Command withdraw = new Command().type(CommandType.WITHDRAW).accountId(1).assetId(BASE).amount(1_001);
        assertRejected(withdraw, RejectReason.INSUFFICIENT_FUNDS);
        assertRejected(new Command().copyFrom(withdraw).accountId(8), RejectReason.UNKNOWN_ACCOUNT);
        assertRejected(new Command().copyFrom(withdraw).assetId(9), RejectReason.UNKNOWN_ASSET);
        assertRejected(new Command().copyFrom(withdraw).amount(-5), RejectReason.INVALID_AMOUNT);
        exchange.apply(new Command().type(CommandType.SUSPEND_ACCOUNT).accountId(1));
        assertRejected(new Command().copyFrom(withdraw).amount(1), RejectReason.ACCOUNT_SUSPENDED);
    }

    @Test
    void shouldRejectInvalidNewOrders()
    {
        assertRejected(limit(8, PLAIN, 1, Side.BUY, 10, 1), RejectReason.UNKNOWN_ACCOUNT);
        assertRejected(limit(1, 77, 1, Side.BUY, 10, 1), RejectReason.UNKNOWN_INSTRUMENT);
        assertRejected(order(1, PLAIN, 1, Side.BUY, OrderType.MARKET, TimeInForce.GTC, 0, 1),
            RejectReason.INVALID_ORDER_FLAGS);
        assertRejected(order(1, PLAIN, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 10, 1).postOnly(true),
            RejectReason.INVALID_ORDER_FLAGS);
        assertRejected(limit(1, PLAIN, 1, null, 10, 1), RejectReason.INVALID_ORDER_FLAGS);
        assertRejected(limit(1, PLAIN, 1, Side.BUY, 10, 0), RejectReason.INVALID_QUANTITY);
        assertRejected(limit(1, PLAIN, 1, Side.BUY, 0, 1), RejectReason.INVALID_PRICE);
        assertRejected(limit(1, GRID, 1, Side.BUY, 15, 10), RejectReason.PRICE_OFF_TICK);
        assertRejected(limit(1, GRID, 1, Side.BUY, 10, 12), RejectReason.QUANTITY_OFF_LOT);
        assertRejected(limit(1, GRID, 1, Side.BUY, 10, 5), RejectReason.QUANTITY_BELOW_MIN);
        assertRejected(limit(1, GRID, 1, Side.BUY, 10, 105), RejectReason.QUANTITY_ABOVE_MAX);
        assertRejected(limit(1, PLAIN, 1, Side.BUY, Long.MAX_VALUE / 2, 1_000), RejectReason.OVERFLOW);
        assertRejected(limit(1, PLAIN, 1, Side.BUY, 1_000_001, 1), RejectReason.INSUFFICIENT_FUNDS);
        assertRejected(limit(1, PLAIN, 1, Side.SELL, 10, 1_001), RejectReason.INSUFFICIENT_FUNDS);
        exchange.apply(limit(1, PLAIN, 1, Side.BUY, 10, 1));
        assertRejected(limit(1, PLAIN, 1, Side.BUY, 10, 1), RejectReason.DUPLICATE_CLIENT_ORDER_ID);
        exchange.apply(new Command().type(CommandType.HALT_INSTRUMENT).instrumentId(GRID));
        assertRejected(limit(1, GRID, 1, Side.BUY, 10, 10), RejectReason.INSTRUMENT_HALTED);
        exchange.apply(new Command().type(CommandType.SUSPEND_ACCOUNT).accountId(2));
        assertRejected(limit(2, PLAIN, 1, Side.BUY, 10, 1), RejectReason.ACCOUNT_SUSPENDED);
    }

    @Test
    void shouldRejectOverflowWhenTheFeeTakesTheHoldPastALongButNotWhenOnlyNotionalTimesPpmWould()
    {
        exchange.apply(instrument(50, 1, 1, 1, 1, Long.MAX_VALUE, 100_000, 0));
        // As much as the asset's deposited total (3 accounts of 1,000,000 so far) lets in.
        assertTrue(exchange.apply(deposit(1, QUOTE, Long.MAX_VALUE - 4_000_000)).get(0).startsWith("ADMIN_DONE"));
        // 9e18 + 10 % does not fit.
        assertRejected(limit(1, 50, 1, Side.BUY, 9_000_000_000_000_000_000L, 1), RejectReason.OVERFLOW);
        // notional * ppm (1e20) would not fit either, but the fee (1e14) and the hold do: accepted, 1.1e15 held.
        final List<String> accepted = exchange.apply(limit(1, 50, 1, Side.BUY, 1_000_000_000_000_000L, 1));
        assertTrue(accepted.get(0).startsWith("ORDER_ACCEPTED"), accepted.toString());
        assertTrue(accepted.get(1).contains("held=1100000000000000"), accepted.toString());
    }

    @Test
    void shouldRejectInvalidCancels()
    {
        exchange.apply(limit(1, PLAIN, 1, Side.BUY, 10, 1));
        assertEvents(exchange.rejected(cancel(8, 1)),
            "CANCEL_REJECTED accountId=8 orderId=1 rejectReason=UNKNOWN_ACCOUNT");
        assertRejected(cancel(1, 0), RejectReason.UNKNOWN_ORDER);
        assertRejected(cancel(1, 2), RejectReason.UNKNOWN_ORDER);
        assertRejected(cancel(2, 1), RejectReason.NOT_ORDER_OWNER);
        exchange.apply(cancel(1, 1));
        assertRejected(cancel(1, 1), RejectReason.ORDER_NOT_LIVE);
    }

    @Test
    void shouldRejectInvalidReplaces()
    {
        exchange.apply(limit(2, GRID, 1, Side.SELL, 100, 20));
        exchange.apply(limit(1, GRID, 2, Side.BUY, 100, 10));
        exchange.apply(limit(1, GRID, 3, Side.BUY, 50, 20));
        exchange.apply(limit(2, GRID, 4, Side.SELL, 200, 10).postOnly(true));
        assertEvents(exchange.rejected(replace(8, 1, 10, 10)),
            "CANCEL_REJECTED accountId=8 orderId=1 price=10 quantity=10 rejectReason=UNKNOWN_ACCOUNT");
        assertRejected(replace(1, 9, 10, 10), RejectReason.UNKNOWN_ORDER);
        assertRejected(replace(1, 2, 10, 10), RejectReason.ORDER_NOT_LIVE);
        assertRejected(replace(2, 3, 10, 10), RejectReason.NOT_ORDER_OWNER);
        assertRejected(replace(2, 1, 0, 10), RejectReason.INVALID_PRICE);
        assertRejected(replace(2, 1, 100, 0), RejectReason.INVALID_QUANTITY);
        assertRejected(replace(2, 1, 105, 20), RejectReason.PRICE_OFF_TICK);
        assertRejected(replace(2, 1, 100, 22), RejectReason.QUANTITY_OFF_LOT);
        assertRejected(replace(2, 1, 100, 10), RejectReason.QUANTITY_NOT_ABOVE_FILLED);
        assertRejected(replace(1, 3, 50, 5), RejectReason.QUANTITY_BELOW_MIN);
        assertRejected(replace(2, 1, 100, 105), RejectReason.QUANTITY_ABOVE_MAX);
        assertRejected(replace(2, 1, 100, 20), RejectReason.NO_CHANGE);
        assertRejected(replace(1, 3, 10_000_000, 100), RejectReason.INSUFFICIENT_FUNDS);
        assertRejected(replace(2, 4, 50, 10), RejectReason.POST_ONLY_WOULD_CROSS);
        exchange.apply(new Command().type(CommandType.SUSPEND_ACCOUNT).accountId(1));
        assertRejected(replace(1, 3, 60, 20), RejectReason.ACCOUNT_SUSPENDED);
    }

    @Test
    void shouldRejectReplaceOnOverflow()
    {
        exchange.apply(limit(1, PLAIN, 1, Side.BUY, 10, 1));
        assertRejected(replace(1, 1, Long.MAX_VALUE / 2, 1_000), RejectReason.OVERFLOW);
    }

    @Test
    void shouldRejectOrdersThatWouldTakeTheRestingTotalOfTheirSidePastALong()
    {
        // Lots of 10^15 units (an 18-decimal base asset): a few resting bids reach 2^63 units long before their holds
        // come near the quote balance, and a level's total (the depth query's figure) must not wrap.
        final long lot = 1_000_000_000_000_000L;
        exchange.apply(instrument(70, 1, lot, 1, lot, 9_000 * lot, 0, 0));
        exchange.apply(limit(1, 70, 1, Side.BUY, 3, 5_000 * lot));
        assertRejected(limit(2, 70, 1, Side.BUY, 3, 5_000 * lot), RejectReason.OVERFLOW);
        assertRejected(limit(2, 70, 1, Side.BUY, 2, 5_000 * lot), RejectReason.OVERFLOW);
        exchange.apply(limit(2, 70, 1, Side.BUY, 2, 1_000 * lot));
        assertRejected(replace(1, 1, 3, 9_000 * lot), RejectReason.OVERFLOW);
        assertTrue(exchange.apply(replace(1, 1, 4, 8_000 * lot)).get(0).startsWith("ORDER_REPLACED"));
        // An order that never rests is not bounded by the book.
        final List<String> ioc = exchange.apply(order(3, 70, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 2,
            5_000 * lot));
        assertTrue(ioc.get(0).startsWith("ORDER_ACCEPTED"), ioc.toString());
    }

    @Test
    void shouldRejectMassCancelAndQueries()
    {
        assertEvents(exchange.rejected(new Command().type(CommandType.MASS_CANCEL).accountId(8)),
            "CANCEL_REJECTED accountId=8 rejectReason=UNKNOWN_ACCOUNT");
        assertEvents(exchange.rejected(new Command().type(CommandType.MASS_CANCEL).accountId(1).instrumentId(77)),
            "CANCEL_REJECTED accountId=1 instrumentId=77 rejectReason=UNKNOWN_INSTRUMENT");
        assertEvents(exchange.rejected(new Command().type(CommandType.QUERY_BALANCES).accountId(8).requestId(3)),
            "QUERY_REJECTED accountId=8 rejectReason=UNKNOWN_ACCOUNT requestId=3");
        assertEvents(exchange.rejected(new Command().type(CommandType.QUERY_OPEN_ORDERS).accountId(8).requestId(3)),
            "QUERY_REJECTED accountId=8 rejectReason=UNKNOWN_ACCOUNT requestId=3");
        assertEvents(exchange.rejected(new Command().type(CommandType.QUERY_DEPTH).instrumentId(77).requestId(3)),
            "QUERY_REJECTED instrumentId=77 rejectReason=UNKNOWN_INSTRUMENT requestId=3");
    }
}
