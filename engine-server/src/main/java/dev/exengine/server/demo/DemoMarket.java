package dev.exengine.server.demo;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;

import java.util.function.Consumer;

/**
 * The demo's reference data: two assets, one instrument, a fee account and two traders, with their starting cash.
 * <pre>
 *   asset 1 USD  scale 4 (0.0001 USD)        asset 2 BTC  scale 8 (1 satoshi)
 *   instrument 1 BTC-USD: price in cents (tick 100 = 1.00 USD), lot 100_000 sat (0.001 BTC),
 *                         tick value 10 (0.0010 USD per lot per tick), maker 0.01 %, taker 0.05 %
 *   account 100 fees, account 1 alice (100,000 USD), account 2 bob (2 BTC)
 * </pre>
 */
public final class DemoMarket
{
    public static final int USD = 1;
    public static final int BTC = 2;
    public static final int BTC_USD = 1;
    public static final long FEE_ACCOUNT = 100;
    public static final long ALICE = 1;
    public static final long BOB = 2;
    public static final int USD_SCALE = 4;
    public static final int BTC_SCALE = 8;
    public static final int PRICE_SCALE = 2;

    private DemoMarket()
    {
    }

    /**
     * Hands the commands that create the demo market, in order, to {@code sink}; the command is reused.
     */
    public static void setUp(final Consumer<Command> sink)
    {
        final Command command = new Command();
        sink.accept(command.reset().type(CommandType.ADD_ASSET).assetId(USD).scale(USD_SCALE));
        sink.accept(command.reset().type(CommandType.ADD_ASSET).assetId(BTC).scale(BTC_SCALE));
        for (final long account : new long[] {FEE_ACCOUNT, ALICE, BOB})
        {
            sink.accept(command.reset().type(CommandType.OPEN_ACCOUNT).accountId(account));
        }
        sink.accept(command.reset().type(CommandType.ADD_INSTRUMENT).instrumentId(BTC_USD)
            .baseAssetId(BTC).quoteAssetId(USD).tickSize(100).lotSize(100_000).tickValue(10)
            .minQuantity(100_000).maxQuantity(10_000_000_000L).makerFeePpm(100).takerFeePpm(500)
            .feeAccountId(FEE_ACCOUNT));
        sink.accept(command.reset().type(CommandType.DEPOSIT).accountId(ALICE).assetId(USD)
            .amount(100_000L * 10_000));
        sink.accept(command.reset().type(CommandType.DEPOSIT).accountId(BOB).assetId(BTC)
            .amount(2L * 100_000_000));
    }

    /**
     * Bob offers 0.5 BTC on two levels, Alice buys 0.3 BTC through both and rests a bid;
     * Bob then cancels what is left of his offers.
     */
    public static void trade(final Consumer<Command> sink, final long firstClientOrderId)
    {
        final Command command = new Command();
        long clientOrderId = firstClientOrderId;
        sink.accept(order(command, BOB, clientOrderId++, Side.SELL, 6_500_000, 20_000_000));
        sink.accept(order(command, BOB, clientOrderId++, Side.SELL, 6_510_000, 30_000_000));
        sink.accept(order(command, ALICE, clientOrderId++, Side.BUY, 6_510_000, 30_000_000));
        sink.accept(order(command, ALICE, clientOrderId, Side.BUY, 6_450_000, 10_000_000));
        sink.accept(command.reset().type(CommandType.MASS_CANCEL).accountId(BOB).instrumentId(BTC_USD));
    }

    private static Command order(
        final Command command, final long account, final long clientOrderId, final Side side, final long price,
        final long quantity)
    {
        return command.reset().type(CommandType.NEW_ORDER).accountId(account).instrumentId(BTC_USD)
            .clientOrderId(clientOrderId).side(side).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
            .price(price).quantity(quantity);
    }
}
