package dev.exengine.server.demo;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.pipeline.Engine;
import dev.exengine.pipeline.EngineOutput;
import dev.exengine.pipeline.SubmitResult;
import dev.exengine.pipeline.config.EngineConfig;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the whole engine in this process on a local journal: sets up the demo market on first start, trades, then
 * prints the trades, the balances and the state hash. Run it twice: the second run recovers the first one's state
 * from the journal and trades again on top of it.
 */
public final class InProcessDemo implements EngineOutput
{
    private static final long DEMO_ORIGIN = 1;
    private static final long FINAL_QUERY = Long.MAX_VALUE;

    private final PrintStream out;
    private final CountDownLatch done = new CountDownLatch(1);

    private InProcessDemo(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * @return the state hash after the demo.
     */
    public static long run(final EngineConfig config, final PrintStream out) throws InterruptedException
    {
        final InProcessDemo demo = new InProcessDemo(out);
        try (Engine engine = Engine.start(config, demo))
        {
            out.printf("journal %s, snapshots %s, durability %s%n", config.journalDirectory(),
                config.snapshotDirectory(), config.durabilityMode());
            out.printf("recovered %d commands (snapshot at sequence %d) in %.1f ms%n",
                engine.recovery().replayedCommands(), engine.recovery().snapshotSequence(),
                engine.recovery().nanos() / 1e6);
            if (engine.recovery().lastSequence() == 0)
            {
                out.println("empty journal: setting up the demo market");
                DemoMarket.setUp(command -> submit(engine, command));
            }
            DemoMarket.trade(command -> submit(engine, command), engine.recovery().lastSequence() * 10 + 1);
            final Command query = new Command();
            for (final long account : new long[] {DemoMarket.ALICE, DemoMarket.BOB, DemoMarket.FEE_ACCOUNT})
            {
                submit(engine, query.reset().type(CommandType.QUERY_BALANCES).accountId(account).requestId(account));
            }
            submit(engine, query.reset().type(CommandType.QUERY_DEPTH).instrumentId(DemoMarket.BTC_USD).levels(5)
                .requestId(FINAL_QUERY));
            if (!demo.done.await(30, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("the engine did not answer within 30 s");
            }
            final long hash = engine.shutdown();
            out.printf("state hash %016x%n", hash);
            return hash;
        }
    }

    @Override
    public void onEvent(final Event event, final long origin, final boolean endOfBatch)
    {
        switch (event.type())
        {
            case TRADE -> out.printf("  TRADE    #%d %s BTC @ %s USD  maker order %d (fee %s USD), taker order %d (fee %s USD)%n",
                event.tradeId(), decimal(event.quantity(), DemoMarket.BTC_SCALE),
                decimal(event.price(), DemoMarket.PRICE_SCALE), event.makerOrderId(),
                decimal(event.makerFee(), DemoMarket.USD_SCALE), event.takerOrderId(),
                decimal(event.takerFee(), DemoMarket.USD_SCALE));
            case BALANCE -> out.printf("  BALANCE  account %d asset %s available %s held %s%n", event.accountId(),
                event.assetId() == DemoMarket.USD ? "USD" : "BTC",
                decimal(event.available(), scaleOf(event.assetId())), decimal(event.held(), scaleOf(event.assetId())));
            case DEPTH_LEVEL -> out.printf("  DEPTH    %s %s BTC @ %s USD (%d orders)%n", event.side(),
                decimal(event.quantity(), DemoMarket.BTC_SCALE), decimal(event.price(), DemoMarket.PRICE_SCALE),
                event.count());
            case BALANCE_CHANGED, QUERY_DONE -> { }
            default -> out.println("  " + event);
        }
        if (event.type() == EventType.QUERY_DONE && event.requestId() == FINAL_QUERY)
        {
            done.countDown();
        }
    }

    private static void submit(final Engine engine, final Command command)
    {
        SubmitResult result;
        while ((result = engine.submit(DEMO_ORIGIN, command)) == SubmitResult.BUSY)
        {
            Thread.onSpinWait();
        }
        if (result != SubmitResult.ACCEPTED)
        {
            throw new IllegalStateException("engine refused " + command + ": " + result);
        }
    }

    private static int scaleOf(final int assetId)
    {
        return assetId == DemoMarket.USD ? DemoMarket.USD_SCALE : DemoMarket.BTC_SCALE;
    }

    private static String decimal(final long units, final int scale)
    {
        return BigDecimal.valueOf(units, scale).toPlainString();
    }
}
