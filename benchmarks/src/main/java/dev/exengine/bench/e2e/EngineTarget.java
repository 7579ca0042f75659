package dev.exengine.bench.e2e;

import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;

import java.io.IOException;

/**
 * One trader's connection to the engine through the client library. It sends IOC limit orders that can never trade:
 * buys at one tick, sells at {@link BenchMarket#SELL_PRICE}, on a book nobody rests on. The engine answers each with
 * OrderAccepted, OrderCanceled (IOC remainder) and the balance release, so nothing rests and the book never grows;
 * the latency measured is NewOrder to OrderAccepted. The client order id carries the message number.
 */
final class EngineTarget implements LoadTarget, ExchangeListener
{
    /** Client order ids of step {@code s} are {@code (s + 1) * STEP_ID_SPACING + k}: unique over the run. */
    private static final long STEP_ID_SPACING = 10_000_000_000L;

    private final ExchangeClient client = new ExchangeClient(this);
    private final StepRecorder recorder = new StepRecorder();
    private final long accountId;
    private long idBase;
    private long disconnects;

    EngineTarget(final long accountId)
    {
        this.accountId = accountId;
    }

    void connect(final String host, final int port, final String user, final String password) throws IOException
    {
        client.autoReconnect(false).connect(host, port);
        if (!client.login(user, password, "", 0))
        {
            throw new IOException("login of " + user + " refused: " + client.loginRejectReason());
        }
    }

    long disconnects()
    {
        return disconnects;
    }

    @Override
    public StepRecorder recorder()
    {
        return recorder;
    }

    @Override
    public void begin(final Schedule schedule)
    {
        idBase += STEP_ID_SPACING;
        recorder.begin(schedule);
    }

    @Override
    public void send(final long message) throws IOException
    {
        final boolean buy = (message & 1) == 0;
        client.newOrder(accountId, BenchMarket.INSTRUMENT, idBase + message, buy ? Side.BUY : Side.SELL,
            OrderType.LIMIT, TimeInForce.IOC, false, buy ? BenchMarket.BUY_PRICE : BenchMarket.SELL_PRICE,
            BenchMarket.QUANTITY);
        recorder.sent++;
    }

    @Override
    public int poll() throws IOException
    {
        return client.poll();
    }

    @Override
    public void onOrderAccepted(final long sequence, final Event event)
    {
        recorder.answered(event.clientOrderId() - idBase);
    }

    @Override
    public void onOrderRejected(final long sequence, final Event event)
    {
        recorder.rejected();
    }

    @Override
    public void onOrderCanceled(final long sequence, final Event event)
    {
        recorder.canceled();
    }

    @Override
    public void onDisconnected(final String reason)
    {
        disconnects++;
        System.err.println("connection of account " + accountId + " lost: " + reason);
    }

    @Override
    public void close()
    {
        client.close();
    }
}
