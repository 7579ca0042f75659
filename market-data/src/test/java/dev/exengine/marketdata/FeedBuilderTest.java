package dev.exengine.marketdata;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * What the feed says for each way an order meets the book, derived from the real business logic's events.
 */
class FeedBuilderTest
{
    private static final int INSTRUMENT = 1;
    private static final long ALICE = 1;
    private static final long BOB = 2;

    private final BusinessLogicProcessor engine = new BusinessLogicProcessor();
    private final FeedText text = new FeedText();
    private final List<String> feed = new ArrayList<>();
    private final FeedBuilder builder = new FeedBuilder(this::onMessage);
    private long sequence;

    FeedBuilderTest()
    {
        apply(new Command().type(CommandType.ADD_ASSET).assetId(1).scale(2));
        apply(new Command().type(CommandType.ADD_ASSET).assetId(2).scale(0));
        for (final long account : new long[] {ALICE, BOB, 9})
        {
            apply(new Command().type(CommandType.OPEN_ACCOUNT).accountId(account));
            apply(new Command().type(CommandType.DEPOSIT).accountId(account).assetId(1).amount(1_000_000_000));
            apply(new Command().type(CommandType.DEPOSIT).accountId(account).assetId(2).amount(1_000_000_000));
        }
        assertEquals(List.of(), feed, "nothing public before an instrument");
        apply(new Command().type(CommandType.ADD_INSTRUMENT).instrumentId(INSTRUMENT).baseAssetId(2).quoteAssetId(1)
            .tickSize(1).lotSize(1).tickValue(1).minQuantity(1).maxQuantity(1_000_000).feeAccountId(9));
        assertEquals(List.of("InstrumentState instrumentId=1 instrumentEvent=ADDED"), feed);
    }

    @Test
    void shouldAddAnOrderThatDoesNotCrossAtOnce()
    {
        assertEquals(List.of("OrderAdded orderId=1 price=100 quantity=5 instrumentId=1 side=BUY"),
            order(ALICE, Side.BUY, TimeInForce.GTC, 100, 5));
    }

    @Test
    void shouldPublishTheTradesThenRestWhatIsLeftOfAnIncomingOrder()
    {
        order(BOB, Side.SELL, TimeInForce.GTC, 100, 5);
        order(BOB, Side.SELL, TimeInForce.GTC, 101, 2);
        assertEquals(List.of(
            "OrderExecuted orderId=1 tradeId=1 price=100 quantity=5 remainingQuantity=0 aggressorOrderId=3 " +
                "instrumentId=1 aggressorSide=BUY",
            "OrderExecuted orderId=2 tradeId=2 price=101 quantity=2 remainingQuantity=0 aggressorOrderId=3 " +
                "instrumentId=1 aggressorSide=BUY",
            "OrderAdded orderId=3 price=102 quantity=1 instrumentId=1 side=BUY"),
            order(ALICE, Side.BUY, TimeInForce.GTC, 102, 8));
    }

    @Test
    void shouldAddNothingOfAnIncomingOrderThatFilled()
    {
        order(BOB, Side.SELL, TimeInForce.GTC, 100, 5);
        assertEquals(List.of("OrderExecuted orderId=1 tradeId=1 price=100 quantity=3 remainingQuantity=2 " +
            "aggressorOrderId=2 instrumentId=1 aggressorSide=BUY"), order(ALICE, Side.BUY, TimeInForce.GTC, 100, 3));
    }

    @Test
    void shouldNeverAddTheRemainderOfAnIocOrder()
    {
        order(BOB, Side.BUY, TimeInForce.GTC, 100, 5);
        assertEquals(List.of("OrderExecuted orderId=1 tradeId=1 price=100 quantity=5 remainingQuantity=0 " +
            "aggressorOrderId=2 instrumentId=1 aggressorSide=SELL"), order(ALICE, Side.SELL, TimeInForce.IOC, 99, 9));
        assertEquals(List.of(), order(ALICE, Side.SELL, TimeInForce.IOC, 99, 9), "nothing to trade, nothing to add");
    }

    @Test
    void shouldDeleteARestingOrderMetByItsOwnAccountAndRestTheIncomingOne()
    {
        order(ALICE, Side.SELL, TimeInForce.GTC, 100, 5);
        assertEquals(List.of(
            "OrderDeleted orderId=1 instrumentId=1",
            "OrderAdded orderId=2 price=100 quantity=4 instrumentId=1 side=BUY"),
            order(ALICE, Side.BUY, TimeInForce.GTC, 100, 4));
    }

    @Test
    void shouldTellAReplaceThatKeepsItsPlaceFromOneThatMoves()
    {
        order(ALICE, Side.BUY, TimeInForce.GTC, 100, 5);
        assertEquals(List.of("OrderReduced orderId=1 quantity=3 instrumentId=1"), replace(ALICE, 1, 100, 3));
        assertEquals(List.of("OrderReplaced orderId=1 price=100 quantity=4 instrumentId=1"), replace(ALICE, 1, 100, 4));
        assertEquals(List.of("OrderReplaced orderId=1 price=99 quantity=4 instrumentId=1"), replace(ALICE, 1, 99, 4));
    }

    @Test
    void shouldTakeAReplacedOrderOffTheBookWhileItTrades()
    {
        order(ALICE, Side.BUY, TimeInForce.GTC, 100, 5);
        order(BOB, Side.SELL, TimeInForce.GTC, 102, 2);
        assertEquals(List.of(
            "OrderDeleted orderId=1 instrumentId=1",
            "OrderExecuted orderId=2 tradeId=1 price=102 quantity=2 remainingQuantity=0 aggressorOrderId=1 " +
                "instrumentId=1 aggressorSide=BUY",
            "OrderAdded orderId=1 price=103 quantity=3 instrumentId=1 side=BUY"), replace(ALICE, 1, 103, 5));
    }

    @Test
    void shouldDeleteEveryRestingOrderOfAHaltedInstrument()
    {
        order(ALICE, Side.BUY, TimeInForce.GTC, 100, 5);
        order(BOB, Side.SELL, TimeInForce.GTC, 105, 5);
        assertEquals(List.of(
            "InstrumentState instrumentId=1 instrumentEvent=HALTED",
            "OrderDeleted orderId=1 instrumentId=1",
            "OrderDeleted orderId=2 instrumentId=1"),
            apply(new Command().type(CommandType.HALT_INSTRUMENT).instrumentId(INSTRUMENT)));
        assertEquals(List.of("InstrumentState instrumentId=1 instrumentEvent=RESUMED"),
            apply(new Command().type(CommandType.RESUME_INSTRUMENT).instrumentId(INSTRUMENT)));
    }

    @Test
    void shouldPublishNothingOfARejectedOrCanceledNothing()
    {
        assertEquals(List.of(), order(ALICE, Side.BUY, TimeInForce.GTC, 0, 5));
        assertEquals(List.of(), apply(new Command().type(CommandType.CANCEL_ORDER).accountId(ALICE).orderId(7)));
        assertEquals(List.of(), apply(new Command().type(CommandType.TRANSFER).accountId(ALICE).targetAccountId(BOB)
            .assetId(1).amount(5).transferId(1)));
    }

    @Test
    void shouldNameNoAccountUserOrClientOrderIdInTheSchema() throws Exception
    {
        final String schema;
        try (InputStream in = FeedBuilderTest.class.getResourceAsStream("/sbe/exengine-feed-schema.xml"))
        {
            assertNotNull(in);
            schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        final Matcher fields = Pattern.compile("<field name=\"([^\"]+)\"").matcher(schema);
        int count = 0;
        while (fields.find())
        {
            count++;
            final String name = fields.group(1).toLowerCase();
            assertFalse(name.contains("account") || name.contains("user") || name.contains("client"), name);
        }
        assertEquals(54, count, "every field looked at");
    }

    @Test
    void shouldDeriveTheSameBytesFromTheSameCommands() throws Exception
    {
        assertEquals(feedDigest(), feedDigest());
    }

    /** The digest of the feed of a seeded run of 200,000 commands, through a fresh engine and builder. */
    private static String feedDigest() throws Exception
    {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        final byte[] bytes = new byte[256];
        final FeedBuilder builder = new FeedBuilder((buffer, offset, length) ->
        {
            buffer.getBytes(offset, bytes, 0, length);
            digest.update(bytes, 0, length);
        });
        final MarketFlow flow = new MarketFlow(7, 8, 12);
        final BusinessLogicProcessor engine = new BusinessLogicProcessor();
        for (long sequence = 1; sequence <= 200_000; sequence++)
        {
            engine.apply(flow.next(), sequence, sequence * 1_000, event ->
            {
                flow.onEvent(event);
                builder.onEvent(event);
            });
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private List<String> order(
        final long account, final Side side, final TimeInForce timeInForce, final long price, final long quantity)
    {
        return apply(new Command().type(CommandType.NEW_ORDER).accountId(account).instrumentId(INSTRUMENT)
            .clientOrderId(++sequence).side(side).orderType(OrderType.LIMIT).timeInForce(timeInForce).price(price)
            .quantity(quantity));
    }

    private List<String> replace(final long account, final long orderId, final long price, final long quantity)
    {
        return apply(new Command().type(CommandType.REPLACE_ORDER).accountId(account).orderId(orderId).price(price)
            .quantity(quantity));
    }

    /** Applies a command; returns the feed messages it made, without the journal sequence and timestamp. */
    private List<String> apply(final Command command)
    {
        feed.clear();
        engine.apply(command, ++sequence, 0, builder::onEvent);
        return new ArrayList<>(feed);
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        feed.add(text.appendTo(buffer, offset, length, new StringBuilder()).toString()
            .replaceAll(" journalSequence=\\d+ timestamp=\\d+", ""));
    }
}
