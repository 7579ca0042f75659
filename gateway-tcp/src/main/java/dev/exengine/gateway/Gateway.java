package dev.exengine.gateway;

import dev.exengine.core.port.CommandSink;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.EventHistory;
import dev.exengine.gateway.connection.Connections;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.protocol.soupbin.SelectorIdleStrategy;
import dev.exengine.gateway.intake.CommandIntake;
import dev.exengine.gateway.login.LoginFlow;
import dev.exengine.gateway.stream.OutboundStore;
import dev.exengine.gateway.stream.UserStreams;
import dev.exengine.metrics.MetricCounters;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The SoupBinTCP gateway: one thread, whose duty cycle ({@link #doWork()}) reads the injected clock once and then
 * <ol>
 *   <li>stores and fans out what the engine handed over ({@link UserStreams}),</li>
 *   <li>completes the logins whose passwords were checked ({@link LoginFlow}),</li>
 *   <li>accepts, reads and writes ({@link Connections}), handing each SoupBinTCP packet ({@link PacketDispatch}) to
 *       the login flow, to {@link CommandIntake} (authorization, rate limits, submitting to the engine) or to the
 *       connection's own handling (heartbeats, logout),</li>
 *   <li>when the engine runs on this thread ({@link #host}), runs its pipeline on what was just read (journal, logic,
 *       relay) and stores and sends its replies at once,</li>
 *   <li>runs the connections' timers, replays stored messages to connections behind their stream, and flushes;</li>
 * </ol>
 * and its idle strategy decides what to do when that was nothing: sleep in the selector until a socket, the engine or
 * a password check has something, or the timer period ends (or spin, when configured).
 *
 * <pre>
 * clients ⇄ gateway thread ──CommandSink──> engine ──EngineOutput (engine thread)──> EventRelay ──ring──┐
 *               ↑                                                                                      │
 *               └──────────── UserStreams: OutboundStore per user (append, then send to live sessions) <┘
 * </pre>
 * Life cycle (the node wires it): {@code new Gateway(config)}, start the engine with {@link #engineOutput()},
 * {@link #start}, and {@link #startAccepting()} once the engine is ready for clients; at the end
 * {@link #stopAccepting()}, close the engine (its last events still arrive and are stored), {@link #engineClosed()},
 * then {@link #close()}. The gateway's thread allocates nothing per message after
 * warm-up; logins and connections allocate.
 */
public final class Gateway implements Agent, AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(Gateway.class.getName());
    /** How often the connections' timers run: a timeout or a heartbeat is up to this late. */
    static final long TIMER_PERIOD_MILLIS = 5;
    private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int EVENTS_PER_CYCLE = 4096;

    private final GatewayConfig config;
    private final NanoClock clock;
    private final GatewayMetrics metrics;
    private final GatewayAudit audit = new GatewayAudit();
    private final Connections connections;
    private final UserStreams streams;
    private final LoginFlow logins;
    private final CommandIntake intake;
    private final PacketDispatch dispatch;
    private final IdleStrategy idle;
    private final SelectorIdleStrategy sleeper;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private AgentRunner runner;
    /** The engine's pipeline when it runs on this thread ({@link #host}); null when the engine has threads of its own. */
    private IntSupplier hosted;
    private BooleanSupplier hostedBacklog;
    private CommandSink engine;
    private EventHistory history;
    private long recoveredThrough;
    private long nowMillis;
    private long nowNanos;
    private long nextTimerMillis;
    private volatile boolean startAccepting;
    /** Set when the node is fenced: the duty cycle ends every logged-in session. */
    private volatile String fenceReason;
    private volatile boolean stopAccepting;
    /** Whether the connections accept; written by the gateway's thread only. */
    private volatile boolean accepting;
    private volatile boolean engineClosed;
    /** What made the start fail, if anything did. */
    private volatile Throwable startFailure;
    /** Started, and serving until {@link #onClose()}; the gateway's thread only. */
    private boolean serving;
    private boolean closed;
    /** The error that ended the gateway's thread, if one did. */
    private volatile Throwable fatal;

    public Gateway(final GatewayConfig config)
    {
        this.config = config.validate();
        this.clock = config.clock();
        this.metrics = new GatewayMetrics(config.metrics() == null ? MetricCounters.inMemory() : config.metrics());
        this.connections = new Connections(config, metrics, audit);
        this.sleeper = new SelectorIdleStrategy(connections.selector(), TIMER_PERIOD_MILLIS, this::hasWorkWaiting);
        this.idle = config.busySpin() ? new BusySpinIdleStrategy() : sleeper;
        this.streams = new UserStreams(config, metrics, audit, connections, sleeper::wakeUp);
        this.logins = new LoginFlow(config, metrics, audit, connections, streams, sleeper::wakeUp);
        this.intake = new CommandIntake(config, metrics, audit, connections, streams);
        this.dispatch = new PacketDispatch(connections, logins, intake, streams);
    }

    /** Register this with the engine so that its events reach the clients. */
    public EngineOutput engineOutput()
    {
        return streams.engineOutput();
    }

    /**
     * Runs the engine's pipeline on this gateway's thread, in every duty cycle right after the sockets are read: a
     * command read is journaled, applied and answered in the same cycle, with no other thread to wake (the shared-thread
     * profile for small machines). Call before {@link #start}; have the engine's producers on other threads call
     * {@link #wakeUp()} after they publish.
     *
     * @param pipeline one duty cycle of the engine's work, returning how much it did; it must not block.
     * @param backlog  whether the engine has work waiting, so that the thread does not sleep on it.
     */
    public synchronized void host(final IntSupplier pipeline, final BooleanSupplier backlog)
    {
        if (runner != null)
        {
            throw new IllegalStateException("the engine's pipeline is hosted before the gateway starts");
        }
        this.hosted = pipeline;
        this.hostedBacklog = backlog;
    }

    /** Wakes the gateway's thread if it sleeps in its selector; safe from any thread, free while it runs. */
    public void wakeUp()
    {
        sleeper.wakeUp();
    }

    /**
     * The SoupBinTCP session id, once started: constant until an operator starts a new session
     * ({@link GatewayConfig#newSession}); null before {@link #start}.
     */
    public String sessionId()
    {
        return streams.sessionId();
    }

    /**
     * Opens the users' streams, stores what the engine's journal holds beyond them, binds the listen address and
     * starts storing the engine's events, all on the gateway's own thread (the engine's live events wait in the ring
     * meanwhile). It takes no connection before {@link #startAccepting()}: those that come wait in the listen backlog.
     *
     * @param engine           where commands go; it must deliver its events to {@link #engineOutput()}.
     * @param history          the events of journaled commands, for the catch-up.
     * @param recoveredThrough the last journal sequence of the engine's recovered state.
     * @throws UncheckedIOException when the address cannot be bound or a store cannot be opened.
     */
    public synchronized void start(final CommandSink engine, final EventHistory history, final long recoveredThrough)
    {
        if (runner != null)
        {
            throw new IllegalStateException("already started");
        }
        this.engine = engine;
        this.history = history;
        this.recoveredThrough = recoveredThrough;
        intake.engine(engine);
        runner = new AgentRunner(idle, this::onError, null, this);
        AgentRunner.startOnThread(runner, runnable ->
        {
            final Thread thread = new Thread(runnable, "exengine-gateway");
            thread.setDaemon(true);
            return thread;
        });
        awaitUninterruptibly(started);
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
        LOG.log(System.Logger.Level.INFO, "gateway session " + sessionId() + " listening on " + localAddress());
    }

    /** The bound address (with the actual port when port 0 was configured). */
    public InetSocketAddress localAddress()
    {
        return connections.localAddress();
    }

    /**
     * Starts taking connections, those that waited since {@link #start} first. Call it once the engine is ready for
     * clients: on an empty journal, once the starting market is submitted, so that a client's first command comes
     * after it.
     */
    public void startAccepting()
    {
        startAccepting = true;
        sleeper.wakeUp();
    }

    /**
     * Serves logins, or answers each with Login Rejected 'S' (a standby: clients move on to the primary). Safe from
     * any thread.
     */
    public void servingLogins(final boolean serving)
    {
        logins.servingLogins(serving);
    }

    /**
     * Stops serving this node's clients at once: every login is refused and every logged-in session is ended (a newer
     * primary exists, this node must not take commands as a primary any more). Safe from any thread.
     */
    public void fence(final String reason)
    {
        logins.servingLogins(false);
        fenceReason = reason;
        sleeper.wakeUp();
    }

    /** Takes on a SoupBinTCP session id (a standby, its primary's), so that clients resume there after a failover. */
    public void adoptSession(final String sessionId)
    {
        streams.adoptSession(sessionId);
    }

    /** Closes the listening socket; connected sessions go on. */
    public void stopAccepting()
    {
        stopAccepting = true;
        sleeper.wakeUp();
    }

    /** @return connections open right now (any state); approximate while it changes. */
    public int connectionCount()
    {
        return (int)metrics.connections();
    }

    /** @return what the gateway counts for operators: logins, rejects, disconnects, sessions, stored streams. */
    public GatewayMetrics metrics()
    {
        return metrics;
    }

    /**
     * @return true while the gateway's thread serves: started, not closed, not ended by a failure. Safe from any
     * thread.
     */
    public boolean isRunning()
    {
        return started.getCount() == 0 && startFailure == null && stopped.getCount() > 0;
    }

    /** @return true while the listening socket takes connections. Safe from any thread. */
    public boolean isAccepting()
    {
        return accepting && !stopAccepting && isRunning();
    }

    /**
     * Tells the gateway that the engine has been closed: every event it will deliver has been handed over, so the
     * last command's events are complete too and {@link #close()} can cover it with the routed-through mark. Without
     * this call the next start derives that command again (and skips what is stored): the same result, found slower.
     */
    public void engineClosed()
    {
        engineClosed = true;
    }

    /**
     * Stops the gateway's thread after it stored and sent every event already handed over, closes every session and
     * the stores. Close the engine first so that its last events are not lost.
     */
    @Override
    public void close()
    {
        stopAccepting = true;
        final AgentRunner running = runner;
        if (running != null)
        {
            // Wakes a select now or the next one; a close timeout of 0 waits for the drain however long it takes.
            connections.selector().wakeup();
            running.close(0, null);
        }
        else
        {
            onClose();
        }
    }

    /**
     * Waits until the gateway's thread has ended: after {@link #close()}, or on its own after a fatal error.
     *
     * @return the error that ended it, or null for an orderly stop.
     */
    public Throwable awaitStop() throws InterruptedException
    {
        stopped.await();
        return fatal;
    }

    @Override
    public String roleName()
    {
        return "exengine-gateway";
    }

    /** On the gateway's thread: the stores, the catch-up, the listening socket. */
    @Override
    public void onStart()
    {
        try
        {
            readClock();
            streams.open(history, recoveredThrough, config.wallClock().time());
            connections.listen(dispatch);
            serving = true;
        }
        catch (final RuntimeException | Error ex)
        {
            // An Error too: start must learn of it, not wait for a latch nobody counts down.
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
     * One duty cycle. What one cycle throws is logged and counted, and the next cycle goes on; an Error ends the
     * gateway's thread (and its clients' connections): what the engine delivers from then on is not stored, and the
     * next start derives it from the journal again.
     */
    @Override
    public int doWork()
    {
        try
        {
            return cycle();
        }
        catch (final RuntimeException | IOException ex)
        {
            metrics.internalError();
            LOG.log(System.Logger.Level.ERROR, "gateway duty cycle failed", ex);
            return 1;
        }
        catch (final Error error)
        {
            fatal = error;
            LOG.log(System.Logger.Level.ERROR, "gateway thread failed and stops serving", error);
            throw new AgentTerminationException(error);
        }
    }

    /** On the gateway's thread, at the end: stores what the engine handed over, closes every connection and store. */
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
                streams.drainAtClose(engineClosed && !engine.isHalted(), nowMillis);
                connections.closeAll(DisconnectReason.SERVER_CLOSING, "server closing");
            }
        }
        finally
        {
            try
            {
                connections.close();
                logins.close();
                streams.close();
            }
            finally
            {
                stopped.countDown();
            }
        }
    }

    private int cycle() throws IOException
    {
        readClock();
        int work = streams.drainEvents(EVENTS_PER_CYCLE, nowMillis);
        work += logins.complete(nowMillis, nowNanos);
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
        if (hosted != null)
        {
            // The engine on this thread: what was just read is journaled, applied and relayed, then stored and sent.
            final int engineWork = hosted.getAsInt();
            if (engineWork > 0)
            {
                work += engineWork + streams.drainEvents(EVENTS_PER_CYCLE, nowMillis);
            }
        }
        if (fenceReason != null)
        {
            work += connections.endLoggedIn(DisconnectReason.FENCED, "fenced: " + fenceReason);
        }
        if (nowMillis >= nextTimerMillis)
        {
            nextTimerMillis = nowMillis + TIMER_PERIOD_MILLIS;
            work += connections.checkTimers(nowMillis);
            audit.tick(nowMillis);
        }
        work += streams.replay(connections.open(), nowMillis);
        work += connections.flush();
        return work;
    }

    private void readClock()
    {
        nowNanos = clock.nanoTime();
        nowMillis = nowNanos / NANOS_PER_MILLI;
        dispatch.now(nowMillis, nowNanos);
    }

    /**
     * Work that other threads left for the gateway's thread: events from the engine, checked passwords, and commands
     * for a hosted engine.
     */
    private boolean hasWorkWaiting()
    {
        return streams.hasEvents() || logins.hasOutcomes() || hostedBacklog != null && hostedBacklog.getAsBoolean();
    }

    private void onError(final Throwable error)
    {
        if (error != fatal && error != startFailure && !(error instanceof AgentTerminationException))
        {
            metrics.internalError();
            LOG.log(System.Logger.Level.ERROR, "gateway failed", error);
        }
    }

    private static void awaitUninterruptibly(final CountDownLatch latch)
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                latch.await();
                break;
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
    }
}
