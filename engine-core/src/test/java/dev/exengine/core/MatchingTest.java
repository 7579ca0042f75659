package dev.exengine.core;

import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import org.junit.jupiter.api.Test;

import static dev.exengine.core.TestExchange.BASE;
import static dev.exengine.core.TestExchange.FEES;
import static dev.exengine.core.TestExchange.FEE_ACCOUNT;
import static dev.exengine.core.TestExchange.PLAIN;
import static dev.exengine.core.TestExchange.QUOTE;
import static dev.exengine.core.TestExchange.assertEvents;
import static dev.exengine.core.TestExchange.limit;
import static dev.exengine.core.TestExchange.order;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MatchingTest
{
    private final TestExchange exchange = TestExchange.standard();

    @Test
    void shouldRestLimitOrderAndHoldNotional()
    {
        assertEvents(exchange.apply(limit(1, PLAIN, 7, Side.BUY, 100, 5)),
            "ORDER_ACCEPTED accountId=1 orderId=1 clientOrderId=7 instrumentId=10 side=BUY orderType=LIMIT " +
                "timeInForce=GTC price=100 quantity=5 remainingQuantity=5",
            "BALANCE_CHANGED accountId=1 assetId=2 available=999500 held=500");
        assertEquals(1, exchange.blp.liveOrderCount());
    }

    @Test
    void shouldMatchAcrossSeveralLevelsAtRestingPrice()
    {
        exchange.apply(limit(2, PLAIN, 1, Side.SELL, 100, 2));
        exchange.apply(limit(2, PLAIN, 2, Side.SELL, 101, 3));
        assertEvents(exchange.apply(limit(1, PLAIN, 7, Side.BUY, 101, 4)),
            "ORDER_ACCEPTED accountId=1 orderId=3 clientOrderId=7 instrumentId=10 side=BUY orderType=LIMIT " +
                "timeInForce=GTC price=101 quantity=4 remainingQuantity=4",
            "BALANCE_CHANGED accountId=1 assetId=2 available=999596 held=404",
            "TRADE instrumentId=10 side=BUY price=100 quantity=2 tradeId=1 makerAccountId=2 makerOrderId=1 " +
                "makerClientOrderId=1 takerAccountId=1 takerOrderId=3 takerClientOrderId=7 takerRemainingQuantity=2",
            "BALANCE_CHANGED accountId=1 assetId=2 available=999596 held=204",
            "BALANCE_CHANGED accountId=1 assetId=1 available=1002",
            "BALANCE_CHANGED accountId=2 assetId=1 available=995 held=3",
            "BALANCE_CHANGED accountId=2 assetId=2 available=1000200",
            "TRADE instrumentId=10 side=BUY price=101 quantity=2 tradeId=2 makerAccountId=2 makerOrderId=2 " +
                "makerClientOrderId=2 makerRemainingQuantity=1 takerAccountId=1 takerOrderId=3 takerClientOrderId=7",
            "BALANCE_CHANGED accountId=1 assetId=2 available=999596 held=2",
            "BALANCE_CHANGED accountId=1 assetId=1 available=1004",
            "BALANCE_CHANGED accountId=2 assetId=1 available=995 held=1",
            "BALANCE_CHANGED accountId=2 assetId=2 available=1000402",
            "BALANCE_CHANGED accountId=1 assetId=2 available=999598");
        assertEquals(1, exchange.blp.liveOrderCount());
    }

    @Test
    void shouldFillOldestOrderFirstAtOneLevel()
    {
        exchange.apply(limit(2, PLAIN, 1, Side.BUY, 50, 1));
        exchange.apply(limit(3, PLAIN, 2, Side.BUY, 50, 1));
        final String trade = exchange.apply(limit(1, PLAIN, 3, Side.SELL, 50, 1)).get(2);
        assertEquals("TRADE instrumentId=10 side=SELL price=50 quantity=1 tradeId=1 makerAccountId=2 makerOrderId=1 " +
            "makerClientOrderId=1 takerAccountId=1 takerOrderId=3 takerClientOrderId=3", trade);
    }

    @Test
    void shouldRestRemainderOfPartiallyFilledLimitOrder()
    {
        exchange.apply(limit(2, PLAIN, 1, Side.BUY, 50, 2));
        exchange.apply(limit(1, PLAIN, 2, Side.SELL, 50, 5));
        assertEquals(1, exchange.blp.liveOrderCount());
        assertEquals(3, exchange.blp.held(1, BASE));
        assertEquals(0, exchange.blp.held(2, QUOTE));
    }

    @Test
    void shouldCancelOwnRestingOrderAndContinueMatching()
    {
        exchange.apply(limit(1, PLAIN, 1, Side.SELL, 100, 1));
        exchange.apply(limit(2, PLAIN, 2, Side.SELL, 100, 1));
        assertEvents(exchange.apply(limit(1, PLAIN, 3, Side.BUY, 100, 1)),
            "ORDER_ACCEPTED accountId=1 orderId=3 clientOrderId=3 instrumentId=10 side=BUY orderType=LIMIT " +
                "timeInForce=GTC price=100 quantity=1 remainingQuantity=1",
            "BALANCE_CHANGED accountId=1 assetId=2 available=999900 held=100",
            "ORDER_CANCELED accountId=1 orderId=1 clientOrderId=1 instrumentId=10 side=SELL price=100 quantity=1 " +
                "remainingQuantity=1 cancelReason=SELF_TRADE",
            "BALANCE_CHANGED accountId=1 assetId=1 available=1000",
            "TRADE instrumentId=10 side=BUY price=100 quantity=1 tradeId=1 makerAccountId=2 makerOrderId=2 " +
                "makerClientOrderId=2 takerAccountId=1 takerOrderId=3 takerClientOrderId=3",
            "BALANCE_CHANGED accountId=1 assetId=2 available=999900",
            "BALANCE_CHANGED accountId=1 assetId=1 available=1001",
            "BALANCE_CHANGED accountId=2 assetId=1 available=999",
            "BALANCE_CHANGED accountId=2 assetId=2 available=1000100");
        assertEquals(0, exchange.blp.liveOrderCount());
    }

    @Test
    void shouldCancelIocRemainder()
    {
        exchange.apply(limit(2, PLAIN, 1, Side.BUY, 50, 1));
        assertEvents(exchange.apply(order(1, PLAIN, 2, Side.SELL, OrderType.LIMIT, TimeInForce.IOC, 50, 3)),
            "ORDER_ACCEPTED accountId=1 orderId=2 clientOrderId=2 instrumentId=10 side=SELL orderType=LIMIT " +
                "timeInForce=IOC price=50 quantity=3 remainingQuantity=3",
            "BALANCE_CHANGED accountId=1 assetId=1 available=997 held=3",
            "TRADE instrumentId=10 side=SELL price=50 quantity=1 tradeId=1 makerAccountId=2 makerOrderId=1 " +
                "makerClientOrderId=1 takerAccountId=1 takerOrderId=2 takerClientOrderId=2 takerRemainingQuantity=2",
            "BALANCE_CHANGED accountId=2 assetId=2 available=999950",
            "BALANCE_CHANGED accountId=2 assetId=1 available=1001",
            "BALANCE_CHANGED accountId=1 assetId=1 available=997 held=2",
            "BALANCE_CHANGED accountId=1 assetId=2 available=1000050",
            "ORDER_CANCELED accountId=1 orderId=2 clientOrderId=2 instrumentId=10 side=SELL price=50 quantity=3 " +
                "remainingQuantity=2 filledQuantity=1 cancelReason=IOC_REMAINDER",
            "BALANCE_CHANGED accountId=1 assetId=1 available=999");
        assertEquals(0, exchange.blp.liveOrderCount());
    }

    @Test
    void shouldRejectFokWhenBookCannotFillAllExcludingOwnOrders()
    {
        exchange.apply(limit(2, PLAIN, 1, Side.SELL, 100, 2));
        exchange.apply(limit(1, PLAIN, 2, Side.SELL, 100, 5));
        assertEvents(exchange.rejected(order(1, PLAIN, 3, Side.BUY, OrderType.LIMIT, TimeInForce.FOK, 100, 3)),
            "ORDER_REJECTED accountId=1 clientOrderId=3 instrumentId=10 side=BUY orderType=LIMIT timeInForce=FOK " +
                "price=100 quantity=3 rejectReason=FOK_NOT_FILLABLE");
    }

    @Test
    void shouldFillFokCompletely()
    {
        exchange.apply(limit(2, PLAIN, 1, Side.SELL, 100, 2));
        exchange.apply(limit(3, PLAIN, 2, Side.SELL, 101, 2));
        exchange.apply(order(1, PLAIN, 3, Side.BUY, OrderType.LIMIT, TimeInForce.FOK, 101, 3));
        assertEquals(1003, exchange.blp.available(1, BASE));
        assertEquals(1_000_000 - 200 - 101, exchange.blp.available(1, QUOTE));
        assertEquals(0, exchange.blp.held(1, QUOTE));
    }

    @Test
    void shouldRejectMarketFokBuyThatIsNotAffordable()
    {
        exchange.apply(limit(2, PLAIN, 1, Side.SELL, 600_000, 2));
        assertEquals("ORDER_REJECTED accountId=1 clientOrderId=3 instrumentId=10 side=BUY orderType=MARKET " +
            "timeInForce=FOK quantity=2 rejectReason=FOK_NOT_FILLABLE",
            exchange.rejected(order(1, PLAIN, 3, Side.BUY, OrderType.MARKET, TimeInForce.FOK, 0, 2)).get(0));
    }

    @Test
    void shouldRejectPostOnlyOrderThatWouldCross()
    {
        exchange.apply(limit(1, PLAIN, 1, Side.SELL, 100, 1));
        assertEvents(exchange.rejected(limit(1, PLAIN, 2, Side.BUY, 100, 1).postOnly(true)),
            "ORDER_REJECTED accountId=1 clientOrderId=2 instrumentId=10 side=BUY orderType=LIMIT timeInForce=GTC " +
                "postOnly price=100 quantity=1 rejectReason=POST_ONLY_WOULD_CROSS");
        exchange.apply(limit(1, PLAIN, 3, Side.BUY, 99, 1).postOnly(true));
        assertEquals(2, exchange.blp.liveOrderCount());
    }

    @Test
    void shouldStopMarketBuyAtAvailableBalance()
    {
        exchange.apply(limit(2, PLAIN, 1, Side.SELL, 400_000, 3));
        assertEvents(exchange.apply(order(1, PLAIN, 2, Side.BUY, OrderType.MARKET, TimeInForce.IOC, 0, 5)),
            "ORDER_ACCEPTED accountId=1 orderId=2 clientOrderId=2 instrumentId=10 side=BUY orderType=MARKET " +
                "timeInForce=IOC quantity=5 remainingQuantity=5",
            "TRADE instrumentId=10 side=BUY price=400000 quantity=2 tradeId=1 makerAccountId=2 makerOrderId=1 " +
                "makerClientOrderId=1 makerRemainingQuantity=1 takerAccountId=1 takerOrderId=2 " +
                "takerClientOrderId=2 takerRemainingQuantity=3",
            "BALANCE_CHANGED accountId=1 assetId=2 available=200000",
            "BALANCE_CHANGED accountId=1 assetId=1 available=1002",
            "BALANCE_CHANGED accountId=2 assetId=1 available=997 held=1",
            "BALANCE_CHANGED accountId=2 assetId=2 available=1800000",
            "ORDER_CANCELED accountId=1 orderId=2 clientOrderId=2 instrumentId=10 side=BUY quantity=5 " +
                "remainingQuantity=3 filledQuantity=2 cancelReason=MARKET_PROTECTION");
    }

    @Test
    void shouldCancelMarketBuyRemainderWhenBookIsExhausted()
    {
        exchange.apply(limit(2, PLAIN, 1, Side.SELL, 10, 1));
        final var events = exchange.apply(order(1, PLAIN, 2, Side.BUY, OrderType.MARKET, TimeInForce.IOC, 0, 2));
        assertEquals("ORDER_CANCELED accountId=1 orderId=2 clientOrderId=2 instrumentId=10 side=BUY quantity=2 " +
            "remainingQuantity=1 filledQuantity=1 cancelReason=IOC_REMAINDER", events.get(events.size() - 1));
    }

    @Test
    void shouldSellAtMarketAgainstBids()
    {
        exchange.apply(limit(2, PLAIN, 1, Side.BUY, 90, 1));
        exchange.apply(limit(3, PLAIN, 2, Side.BUY, 80, 1));
        exchange.apply(order(1, PLAIN, 3, Side.SELL, OrderType.MARKET, TimeInForce.IOC, 0, 3));
        assertEquals(1_000_170, exchange.blp.available(1, QUOTE));
        assertEquals(997 + 1, exchange.blp.available(1, BASE));
        assertEquals(0, exchange.blp.held(1, BASE));
        assertEquals(0, exchange.blp.liveOrderCount());
    }

    @Test
    void shouldChargeMakerAndTakerFeesRoundedDownAndReleaseWorstCaseHold()
    {
        exchange.apply(limit(2, FEES, 1, Side.SELL, 1_999, 1));
        assertEvents(exchange.apply(limit(1, FEES, 2, Side.BUY, 2_500, 1)),
            "ORDER_ACCEPTED accountId=1 orderId=2 clientOrderId=2 instrumentId=20 side=BUY orderType=LIMIT " +
                "timeInForce=GTC price=2500 quantity=1 remainingQuantity=1",
            "BALANCE_CHANGED accountId=1 assetId=2 available=997495 held=2505",
            "TRADE instrumentId=20 side=BUY price=1999 quantity=1 tradeId=1 makerAccountId=2 makerOrderId=1 " +
                "makerClientOrderId=1 makerFee=1 takerAccountId=1 takerOrderId=2 takerClientOrderId=2 takerFee=3",
            "BALANCE_CHANGED accountId=1 assetId=2 available=997495 held=503",
            "BALANCE_CHANGED accountId=1 assetId=1 available=1001",
            "BALANCE_CHANGED accountId=2 assetId=1 available=999",
            "BALANCE_CHANGED accountId=2 assetId=2 available=1001998",
            "BALANCE_CHANGED accountId=99 assetId=2 available=4",
            "BALANCE_CHANGED accountId=1 assetId=2 available=997998");
        assertEquals(4, exchange.blp.available(FEE_ACCOUNT, QUOTE));
    }

    @Test
    void shouldCreateNoFeeAccountEntryWhenFeesAreZero()
    {
        exchange.apply(limit(2, FEES, 1, Side.SELL, 10, 1));
        exchange.apply(limit(1, FEES, 2, Side.BUY, 10, 1));
        assertEvents(exchange.apply(new dev.exengine.core.command.Command()
                .type(dev.exengine.core.command.CommandType.QUERY_BALANCES).accountId(FEE_ACCOUNT).requestId(5)),
            "QUERY_DONE accountId=99 requestId=5");
    }
}
