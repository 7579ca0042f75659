package dev.exengine.core;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.Side;
import org.junit.jupiter.api.Test;

import static dev.exengine.core.TestExchange.BASE;
import static dev.exengine.core.TestExchange.PLAIN;
import static dev.exengine.core.TestExchange.QUOTE;
import static dev.exengine.core.TestExchange.assertEvents;
import static dev.exengine.core.TestExchange.cancel;
import static dev.exengine.core.TestExchange.limit;
import static dev.exengine.core.TestExchange.replace;
import static org.junit.jupiter.api.Assertions.assertEquals;

class OrderLifecycleTest
{
    private final TestExchange exchange = TestExchange.standard();

    private String firstTradeOfSellAt(final long price)
    {
        return exchange.apply(limit(3, PLAIN, 9, Side.SELL, price, 1)).get(2);
    }

    @Test
    void shouldCancelOrderAndReleaseHold()
    {
        exchange.apply(limit(1, PLAIN, 1, Side.BUY, 10, 3));
        assertEvents(exchange.apply(cancel(1, 1)),
            "ORDER_CANCELED accountId=1 orderId=1 clientOrderId=1 instrumentId=10 side=BUY price=10 quantity=3 " +
                "remainingQuantity=3 cancelReason=CLIENT",
            "BALANCE_CHANGED accountId=1 assetId=2 available=1000000");
    }

    @Test
    void shouldLoseTimePriorityWhenPriceChanges()
    {
        exchange.apply(limit(1, PLAIN, 1, Side.BUY, 10, 1));
        exchange.apply(limit(2, PLAIN, 2, Side.BUY, 10, 1));
        assertEvents(exchange.apply(replace(1, 1, 11, 1)),
            "ORDER_REPLACED accountId=1 orderId=1 clientOrderId=1 instrumentId=10 side=BUY price=11 quantity=1 " +
                "remainingQuantity=1",
            "BALANCE_CHANGED accountId=1 assetId=2 available=999989 held=11");
        exchange.apply(replace(1, 1, 10, 1));
        assertEquals(2, exchange.blp.liveOrderCount());
        assertEquals(true, firstTradeOfSellAt(10).contains("makerOrderId=2"));
    }

    @Test
    void shouldKeepTimePriorityWhenQuantityDecreases()
    {
        exchange.apply(limit(1, PLAIN, 1, Side.BUY, 10, 3));
        exchange.apply(limit(2, PLAIN, 2, Side.BUY, 10, 1));
        assertEvents(exchange.apply(replace(1, 1, 10, 2)),
            "ORDER_REPLACED accountId=1 orderId=1 clientOrderId=1 instrumentId=10 side=BUY price=10 quantity=2 " +
                "remainingQuantity=2",
            "BALANCE_CHANGED accountId=1 assetId=2 available=999980 held=20");
        assertEquals(true, firstTradeOfSellAt(10).contains("makerOrderId=1"));
    }

    @Test
    void shouldLoseTimePriorityWhenQuantityIncreases()
    {
        exchange.apply(limit(1, PLAIN, 1, Side.SELL, 10, 1));
        exchange.apply(limit(2, PLAIN, 2, Side.SELL, 10, 1));
        assertEvents(exchange.apply(replace(1, 1, 10, 4)),
            "ORDER_REPLACED accountId=1 orderId=1 clientOrderId=1 instrumentId=10 side=SELL price=10 quantity=4 " +
                "remainingQuantity=4",
            "BALANCE_CHANGED accountId=1 assetId=1 available=996 held=4");
        final String trade = exchange.apply(limit(3, PLAIN, 9, Side.BUY, 10, 1)).get(2);
        assertEquals(true, trade.contains("makerOrderId=2"), trade);
    }

    @Test
    void shouldTradeWhenReplacedToCrossingPrice()
    {
        exchange.apply(limit(2, PLAIN, 1, Side.SELL, 20, 1));
        exchange.apply(limit(1, PLAIN, 2, Side.BUY, 10, 2));
        assertEvents(exchange.apply(replace(1, 2, 20, 2)),
            "ORDER_REPLACED accountId=1 orderId=2 clientOrderId=2 instrumentId=10 side=BUY price=20 quantity=2 " +
                "remainingQuantity=2",
            "BALANCE_CHANGED accountId=1 assetId=2 available=999960 held=40",
            "TRADE instrumentId=10 side=BUY price=20 quantity=1 tradeId=1 makerAccountId=2 makerOrderId=1 " +
                "makerClientOrderId=1 takerAccountId=1 takerOrderId=2 takerClientOrderId=2 takerRemainingQuantity=1",
            "BALANCE_CHANGED accountId=1 assetId=2 available=999960 held=20",
            "BALANCE_CHANGED accountId=1 assetId=1 available=1001",
            "BALANCE_CHANGED accountId=2 assetId=1 available=999",
            "BALANCE_CHANGED accountId=2 assetId=2 available=1000020");
        assertEquals(1, exchange.blp.liveOrderCount());
        assertEquals(20, exchange.blp.held(1, QUOTE));
    }

    @Test
    void shouldEndReplacedOrderThatFillsCompletely()
    {
        exchange.apply(limit(2, PLAIN, 1, Side.SELL, 20, 5));
        exchange.apply(limit(1, PLAIN, 2, Side.BUY, 10, 2));
        exchange.apply(replace(1, 2, 30, 2));
        assertEquals(1, exchange.blp.liveOrderCount());
        assertEquals(0, exchange.blp.held(1, QUOTE));
        assertEquals(1_000_000 - 40, exchange.blp.available(1, QUOTE));
        exchange.rejected(cancel(1, 2));
    }

    @Test
    void shouldMassCancelAccountOrdersInIdOrder()
    {
        exchange.apply(limit(1, PLAIN, 1, Side.BUY, 10, 1));
        exchange.apply(limit(1, TestExchange.FEES, 2, Side.SELL, 30, 1));
        exchange.apply(limit(2, PLAIN, 3, Side.BUY, 10, 1));
        exchange.apply(limit(1, PLAIN, 4, Side.SELL, 20, 1));
        assertEvents(exchange.apply(new Command().type(CommandType.MASS_CANCEL).accountId(1).instrumentId(PLAIN)),
            "MASS_CANCEL_DONE accountId=1 instrumentId=10 count=2",
            "ORDER_CANCELED accountId=1 orderId=1 clientOrderId=1 instrumentId=10 side=BUY price=10 quantity=1 " +
                "remainingQuantity=1 cancelReason=MASS_CANCEL",
            "BALANCE_CHANGED accountId=1 assetId=2 available=1000000",
            "ORDER_CANCELED accountId=1 orderId=4 clientOrderId=4 instrumentId=10 side=SELL price=20 quantity=1 " +
                "remainingQuantity=1 cancelReason=MASS_CANCEL",
            "BALANCE_CHANGED accountId=1 assetId=1 available=999 held=1");
        assertEquals(1, exchange.apply(new Command().type(CommandType.MASS_CANCEL).accountId(1)).size() - 2);
        assertEquals(1, exchange.blp.liveOrderCount());
    }

    @Test
    void shouldCancelEveryOrderWhenInstrumentHalts()
    {
        exchange.apply(limit(1, PLAIN, 1, Side.BUY, 10, 1));
        exchange.apply(limit(2, PLAIN, 2, Side.BUY, 11, 1));
        exchange.apply(limit(3, PLAIN, 3, Side.SELL, 20, 1));
        assertEvents(exchange.apply(new Command().type(CommandType.HALT_INSTRUMENT).instrumentId(PLAIN)),
            "ADMIN_DONE instrumentId=10 count=3",
            "ORDER_CANCELED accountId=2 orderId=2 clientOrderId=2 instrumentId=10 side=BUY price=11 quantity=1 " +
                "remainingQuantity=1 cancelReason=HALT",
            "BALANCE_CHANGED accountId=2 assetId=2 available=1000000",
            "ORDER_CANCELED accountId=1 orderId=1 clientOrderId=1 instrumentId=10 side=BUY price=10 quantity=1 " +
                "remainingQuantity=1 cancelReason=HALT",
            "BALANCE_CHANGED accountId=1 assetId=2 available=1000000",
            "ORDER_CANCELED accountId=3 orderId=3 clientOrderId=3 instrumentId=10 side=SELL price=20 quantity=1 " +
                "remainingQuantity=1 cancelReason=HALT",
            "BALANCE_CHANGED accountId=3 assetId=1 available=1000");
        assertEvents(exchange.apply(new Command().type(CommandType.RESUME_INSTRUMENT).instrumentId(PLAIN)),
            "ADMIN_DONE instrumentId=10");
        exchange.apply(limit(1, PLAIN, 1, Side.BUY, 10, 1));
        assertEquals(1, exchange.blp.liveOrderCount());
    }

    @Test
    void shouldLetSuspendedAccountRestingOrderFillAndResume()
    {
        exchange.apply(limit(1, PLAIN, 1, Side.BUY, 10, 1));
        assertEvents(exchange.apply(new Command().type(CommandType.SUSPEND_ACCOUNT).accountId(1)),
            "ADMIN_DONE accountId=1");
        exchange.apply(limit(2, PLAIN, 2, Side.SELL, 10, 1));
        assertEquals(1_001, exchange.blp.available(1, BASE));
        assertEvents(exchange.apply(new Command().type(CommandType.RESUME_ACCOUNT).accountId(1)),
            "ADMIN_DONE accountId=1");
        assertEquals(1, exchange.apply(limit(1, PLAIN, 3, Side.BUY, 10, 1)).size() - 1);
    }

    @Test
    void shouldDepositAndWithdraw()
    {
        assertEvents(exchange.apply(TestExchange.deposit(1, BASE, 5)),
            "ADMIN_DONE accountId=1 assetId=1 amount=5",
            "BALANCE_CHANGED accountId=1 assetId=1 available=1005");
        assertEvents(exchange.apply(new Command().type(CommandType.WITHDRAW).accountId(1).assetId(BASE).amount(1_005)),
            "ADMIN_DONE accountId=1 assetId=1 amount=1005",
            "BALANCE_CHANGED accountId=1 assetId=1");
        assertEquals(1_005, exchange.blp.withdrawn(BASE));
    }
}
