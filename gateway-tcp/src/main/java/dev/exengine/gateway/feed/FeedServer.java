package dev.exengine.gateway.feed;

import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.EventHistory;
import dev.exengine.gateway.GatewayAudit;
import dev.exengine.gateway.GatewayMetrics;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.metrics.MetricCounters;
import dev.exengine.gateway.connection.Connections;
import dev.exengine.protocol.soupbin.SelectorIdleStrategy;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The market-data feed server: the public feed of every book and trade (docs/PROTOCOL.md, section 4), derived from the
 * engine's events and served over SoupBinTCP on a port of its own, by a thread of its own
 * ({@code exengine-market-data}) whose duty cycle ({@link #doWork()}) reads the injected clock once and then
 * <ol>
 *   <li>derives, stores and sends the feed of what the engine handed over ({@link FeedStream});</li>
 *   <li>completes the logins whose passwords were checked ({@link FeedLogin});</li>
 *   <li>accepts, reads and writes ({@link Connections}, the gateway's connection layer), handing each packet to
 *       {@link FeedDispatch};</li>
 *   <li>runs the connections' timers; serves snapshots, the stored feed to subscribers behind, the price levels;
 *       and flushes.</li>
 * </ol>
 * Why its own port and thread rather than a role on the gateway's: feed readers are many, public and may be anonymous;
 * their logins, fan-out and slow sockets must not take the trading sessions' thread, connection slots or limits, and
 * a firewall can open the feed's port alone.
 *
 * <pre>
 * engine ──EngineOutput (engine thread)──> FeedRelay ──ring──> FeedBuilder ──> stored feed ──> subscribers
 * </pre>
 * Life cycle (the node wires it, like the gateway): {@code new FeedServer(config)}, start the engine with
 * {@link #engineOutput()} among its outputs, {@link #start}, {@link #startAccepting()}; at the end
 * {@link #stopAccepting()}, close the engine (its last events still arrive and are stored), then {@link #close()}.
 * The thread allocates nothing per message after warm-up; logins, connections and snapshots allocate.
 */
public final class FeedServer implements Agent, AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(FeedServer.class.getName());
    /** How often the connections' timers run: a timeout or a heartbeat is up to this late. */
    private static final long TIMER_PERIOD_MILLIS = 5;
    private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int EVENTS_PER_CYCLE = 4096;

    private final NanoClock clock;
    /**
     * The feed's own counts, in memory: its series would carry the order-entry gateway's names, which the node's
     * counters file and /metrics give to the gateway.
     */
    private final GatewayMetrics metrics = new GatewayMetrics(MetricCounters.inMemory());
    private final Connections connections;
    private final FeedStream stream;
    private final FeedLogin login;
    private final FeedDispatch dispatch;
    private final IdleStrategy idle;
    private final SelectorIdleStrategy sleeper;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private AgentRunner runner;
    private EventHistory history;
    private long recoveredThrough;
    private long nowMillis;
    private long nextTimerMillis;
    private volatile boolean startAccepting;
    private volatile boolean stopAccepting;
    /** Whether the connections accept; the market-data thread only. */
    private boolean accepting;
    private volatile Throwable startFailure;
    /** Started, and serving until {@link #onClose()}; the market-data thread only. */
    private boolean serving;
    private boolean closed;
    /** The error that ended the thread, if one did. */
    private volatile Throwable fatal;

    public FeedServer(final FeedConfig config)
    {
        config.validate();
        this.clock = config.port().clock();
        this.connections = new Connections(config.port(), metrics, new GatewayAudit());
        this.sleeper = new SelectorIdleStrategy(connections.selector(), TIMER_PERIOD_MILLIS, this::hasWorkWaiting);
        this.idle = config.port().busySpin() ? new BusySpinIdleStrategy() : sleeper;
        this.stream = new FeedStream(config, metrics, connections, sleeper::wakeUp);
        this.login = new FeedLogin(config, metrics, connections, stream, sleeper::wakeUp);
        this.dispatch = new FeedDispatch(connections, login, stream);
    }

    /** Register this with the engine so that its events reach the feed. */
    public EngineOutput engineOutput()
    {
        return stream.engineOutput();
    }

    /**
     * Opens the stored feed, appends what the engine's journal derives beyond it and binds the listen address, all on
     * the market-data thread (the engine's live events wait in the ring meanwhile). It takes no connection before
     * {@link #startAccepting()}.
     *
     * @param history          the events of journaled commands, for the catch-up.
     * @param recoveredThrough the last journal sequence of the engine's recovered state.
     */
    public synchronized void start(final EventHistory history, final long recoveredThrough)
    {
        if (runner != null)
        {
            throw new IllegalStateException("already started");
        }
        this.history = history;
        this.recoveredThrough = recoveredThrough;
        runner = new AgentRunner(idle, this::onError, null, this);
        AgentRunner.startOnThread(runner, runnable ->
        {
            final Thread thread = new Thread(runnable, "exengine-market-data");
            thread.setDaemon(true);
            return thread;
        });
        boolean interrupted = false;
        while (started.getCount() > 0)
        {
            try
            {
                started.await();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        final Throwable failure = startFailure;
        if (failure != null)
        {
            runner.close(0, null);
            if (failure instanceof Error error)
            {
                throw error;
            }
            throw (RuntimeException)failure;
        }
        LOG.log(System.Logger.Level.INFO, "market-data feed" + (sessionId().isEmpty() ? "" : " " + sessionId()) +
            " at message " + lastSequence() + ", listening on " + localAddress());
    }

    /** Starts taking connections, those that waited since {@link #start} first. */
    public void startAccepting()
    {
        startAccepting = true;
        sleeper.wakeUp();
    }

    /** Closes the listening socket; subscribers go on. */
    public void stopAccepting()
    {
        stopAccepting = true;
        sleeper.wakeUp();
    }

    /** The bound address (with the actual port when port 0 was configured). */
    public InetSocketAddress localAddress()
    {
        return connections.localAddress();
    }

    /** The feed's SoupBinTCP session id; blank while the feed is empty. */
    public String sessionId()
    {
        return stream.sessionId();
    }

    /** The feed sequence of the last message stored; approximate while the feed moves. */
    public long lastSequence()
    {
        return stream.lastSequence();
    }

    /** @return the feed's counts: logins, disconnects by reason (protocol violations, slow subscribers, timeouts). */
    public GatewayMetrics metrics()
    {
        return metrics;
    }

    /**
     * Stops the thread after it derived and stored every event already handed over, closes every subscriber and the
     * store. Close the engine first so that its last events are in the feed.
     */
    @Override
    public void close()
    {
        stopAccepting = true;
        final AgentRunner running = runner;
        if (running != null)
        {
            connections.selector().wakeup();
            running.close(0, null);
        }
        else
        {
            onClose();
        }
    }

    /**
     * Waits until the thread has ended: after {@link #close()}, or on its own after a fatal error.
     *
     * @return the error that ended it, or null for an orderly stop.
     */
    public Throwable awaitStop() throws InterruptedException
    {
        stopped.await();
        return fatal;
    }

    /** Agrona names the thread after it. */
    @Override
    public String roleName()
    {
        return "exengine-market-data";
    }

    /** On the market-data thread: the store, the catch-up, the listening socket. */
    @Override
    public void onStart()
    {
        try
        {
            readClock();
            stream.open(history, recoveredThrough);
            connections.listen(dispatch);
            serving = true;
        }
        catch (final RuntimeException | Error ex)
        {
            startFailure = ex;
            if (ex instanceof Error)
            {
                // The runner does not close an agent whose start threw an Error.
                onClose();
            }
            throw ex;
        }
        finally
        {
            started.countDown();
        }
    }

    /**
     * One duty cycle. What a connection's handling throws is logged and counted, and the next cycle goes on. A feed
     * that cannot be derived (its books no longer follow the engine's events) or stored ends the thread and every
     * subscriber's connection: publishing a wrong feed is worse than none. The engine does not notice: from then on its
     * events are dropped, and the next start derives the feed again from the journal.
     */
    @Override
    public int doWork()
    {
        readClock();
        final int derived;
        try
        {
            derived = stream.drainEvents(EVENTS_PER_CYCLE, nowMillis);
        }
        catch (final RuntimeException | Error failure)
        {
            throw stop(failure);
        }
        try
        {
            return derived + serve();
        }
        catch (final RuntimeException | IOException ex)
        {
            metrics.internalError();
            LOG.log(System.Logger.Level.ERROR, "market-data duty cycle failed", ex);
            return 1;
        }
        catch (final Error error)
        {
            throw stop(error);
        }
    }

    /** On the market-data thread, at the end: stores what the engine handed over, closes every connection and store. */
    @Override
    public void onClose()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (serving && fatal == null)
            {
                readClock();
                stream.drainAtClose(nowMillis);
                connections.closeAll(DisconnectReason.SERVER_CLOSING, "server closing");
            }
        }
        finally
        {
            try
            {
                connections.close();
                login.close();
                stream.close();
            }
            finally
            {
                stopped.countDown();
            }
        }
    }

    private AgentTerminationException stop(final Throwable failure)
    {
        fatal = failure;
        LOG.log(System.Logger.Level.ERROR, "market-data feed failed and stops", failure);
        return new AgentTerminationException(failure);
    }

    private int serve() throws IOException
    {
        int work = login.complete(nowMillis);
        if (stopAccepting)
        {
            connections.stopAccepting();
        }
        else if (startAccepting && !accepting)
        {
            accepting = true;
            connections.startAccepting();
        }
        work += connections.poll(nowMillis);
        if (nowMillis >= nextTimerMillis)
        {
            nextTimerMillis = nowMillis + TIMER_PERIOD_MILLIS;
            work += connections.checkTimers(nowMillis);
        }
        work += stream.serve(nowMillis);
        work += connections.flush();
        return work;
    }

    private void readClock()
    {
        nowMillis = clock.nanoTime() / NANOS_PER_MILLI;
        dispatch.now(nowMillis);
    }

    /** Work that other threads left: events from the engine, checked passwords. */
    private boolean hasWorkWaiting()
    {
        return stream.hasEvents() || login.hasOutcomes();
    }

    private void onError(final Throwable error)
    {
        if (error != fatal && error != startFailure && !(error instanceof AgentTerminationException))
        {
            metrics.internalError();
            LOG.log(System.Logger.Level.ERROR, "market-data feed failed", error);
        }
    }
}
