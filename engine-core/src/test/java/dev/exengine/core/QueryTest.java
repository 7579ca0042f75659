package dev.exengine.core;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.Side;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static dev.exengine.core.TestExchange.PLAIN;
import static dev.exengine.core.TestExchange.assertEvents;
import static dev.exengine.core.TestExchange.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryTest
{
    private final TestExchange exchange = TestExchange.standard();

    @Test
    void shouldDescribeAssetsAndInstrumentsAsTheyWereAddedAlsoAfterASnapshot()
    {
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer();
        final int length = exchange.blp.writeSnapshot(snapshot, 0);
        for (final BusinessLogicProcessor logic :
            new BusinessLogicProcessor[] {exchange.blp, BusinessLogicProcessor.readSnapshot(snapshot, 0, length)})
        {
            assertEquals(8, logic.assetScale(TestExchange.BASE));
            assertEquals(4, logic.assetScale(TestExchange.QUOTE));
            assertEquals(-1, logic.assetScale(3));
            final Command definition = new Command();
            assertTrue(logic.instrumentDefinition(TestExchange.GRID, definition));
            assertEquals(TestExchange.instrument(TestExchange.GRID, 10, 5, 2, 10, 100, 0, 0).toString(),
                definition.toString());
            assertFalse(logic.instrumentDefinition(99, definition));
        }
    }

    @Test
    void shouldAnswerBalancesInAssetCreationOrder()
    {
        assertEvents(exchange.rejected(new Command().type(CommandType.QUERY_BALANCES).accountId(1).requestId(4)),
            "BALANCE accountId=1 assetId=1 available=1000 requestId=4",
            "BALANCE accountId=1 assetId=2 available=1000000 requestId=4",
            "QUERY_DONE accountId=1 requestId=4 count=2");
    }

    @Test
    void shouldAnswerOpenOrdersByOrderId()
    {
        exchange.apply(limit(1, PLAIN, 5, Side.BUY, 10, 1));
        exchange.apply(limit(1, PLAIN, 6, Side.SELL, 20, 2));
        exchange.apply(TestExchange.replace(1, 1, 11, 1));
        assertEvents(exchange.rejected(new Command().type(CommandType.QUERY_OPEN_ORDERS).accountId(1).requestId(4)),
            "OPEN_ORDER accountId=1 orderId=1 clientOrderId=5 instrumentId=10 side=BUY orderType=LIMIT " +
                "timeInForce=GTC price=11 quantity=1 remainingQuantity=1 requestId=4",
            "OPEN_ORDER accountId=1 orderId=2 clientOrderId=6 instrumentId=10 side=SELL orderType=LIMIT " +
                "timeInForce=GTC price=20 quantity=2 remainingQuantity=2 requestId=4",
            "QUERY_DONE accountId=1 requestId=4 count=2");
    }

    @Test
    void shouldAnswerDepthBestFirstWithLevelsLimit()
    {
        exchange.apply(limit(1, PLAIN, 1, Side.BUY, 10, 1));
        exchange.apply(limit(2, PLAIN, 2, Side.BUY, 12, 1));
        exchange.apply(limit(3, PLAIN, 3, Side.BUY, 12, 2));
        exchange.apply(limit(1, PLAIN, 4, Side.SELL, 20, 1));
        assertEvents(exchange.rejected(new Command().type(CommandType.QUERY_DEPTH).instrumentId(PLAIN).requestId(4)
                .levels(1)),
            "DEPTH_LEVEL instrumentId=10 side=BUY price=12 quantity=3 requestId=4 count=2",
            "DEPTH_LEVEL instrumentId=10 side=SELL price=20 quantity=1 requestId=4 count=1",
            "QUERY_DONE instrumentId=10 requestId=4 count=2");
        assertEvents(exchange.rejected(new Command().type(CommandType.QUERY_DEPTH).instrumentId(PLAIN).requestId(4)),
            "DEPTH_LEVEL instrumentId=10 side=BUY price=12 quantity=3 requestId=4 count=2",
            "DEPTH_LEVEL instrumentId=10 side=BUY price=10 quantity=1 requestId=4 count=1",
            "DEPTH_LEVEL instrumentId=10 side=SELL price=20 quantity=1 requestId=4 count=1",
            "QUERY_DONE instrumentId=10 requestId=4 count=3");
    }
}
