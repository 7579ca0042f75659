package dev.exengine.gateway.server;

import dev.exengine.core.command.Command;
import dev.exengine.core.event.RejectReason;
import dev.exengine.core.port.CommandSink;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.EventHistory;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.gateway.auth.LoginThrottle;
import dev.exengine.gateway.auth.User;
import dev.exengine.gateway.auth.UserDirectory;
import dev.exengine.gateway.session.OutboundStore;
import dev.exengine.gateway.session.Session;
import dev.exengine.gateway.session.SessionArchive;
import dev.exengine.gateway.session.SessionId;
import dev.exengine.gateway.session.SessionState;
import dev.exengine.gateway.session.TokenBucket;
import dev.exengine.protocol.codec.DecodeResult;
import dev.exengine.protocol.codec.InboundDecoder;
import dev.exengine.protocol.codec.OutboundEncoder;
import dev.exengine.protocol.soupbin.LoginRequest;
import dev.exengine.protocol.soupbin.PacketHandler;
import dev.exengine.protocol.soupbin.PacketReader;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import dev.exengine.storage.DataDirectory;
import dev.exengine.storage.SequenceMark;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The SoupBinTCP gateway: one NIO server thread that accepts connections, frames and decodes what clients send,
 * checks login, rights and rate limits, submits commands to the engine, and persists and sends every user's
 * sequenced stream (see {@link RingOutput} for how events get here). Password checks run on a separate thread
 * because PBKDF2 is slow by design.
 *
 * <pre>
 * clients ⇄ server thread ──CommandSink──> engine ──EngineOutput (output thread)──> RingOutput ──ring──┐
 *              ↑                                                                                         │
 *              └───────────── OutboundStore per user (append, then send to live sessions) <──────────────┘
 * </pre>
 *
 * A crash can fall between the journal making a command durable and the server thread storing its replies; so the
 * server keeps a persisted routed-through mark ({@link SequenceMark}) and, at start, re-derives from the journal what the commands
 * after it owe the users ({@link CatchUp}) before it binds the port.
 *
 * Life cycle (the node wires it): {@code new GatewayServer(config)}, start the engine with {@link #engineOutput()},
 * {@link #start}; at the end {@link #stopAccepting()}, close the engine (its last events still arrive and are
 * stored), {@link #engineClosed()}, then {@link #close()}.
 * The server thread allocates nothing per message after warm-up; logins and connections allocate.
 */
public final class GatewayServer implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(GatewayServer.class.getName());
    private static final long TIMER_PERIOD_MILLIS = 5;
    private static final int EVENTS_PER_TURN = 4096;

    private final GatewayConfig config;
    private final UserDirectory users;
    /** Read at start (a new session replaces it there); written on the server thread before start returns. */
    private volatile String sessionId;
    private final OneToOneRingBuffer events;
    private final RingOutput output;
    private final Selector selector;
    private final InboundDecoder decoder = new InboundDecoder();
    private final OutboundEncoder encoder = new OutboundEncoder();
    private final Command command = new Command();
    private final UnsafeBuffer replyBuffer;
    private final LoginRequest loginRequest = new LoginRequest();
    private final LoginThrottle loginThrottle;
    private final OutboundStore[] stores;
    private final List<List<Session>> sessionsByUser = new ArrayList<>();
    private final List<Session> sessions = new ArrayList<>();
    private final PasswordCheck passwordCheck;
    private final GatewayStats stats = new GatewayStats();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final int maxMessageLength;
    /** Handlers kept in fields, so that a read or a drain allocates nothing; their inputs are set before each use. */
    private final PacketHandler packetHandler = this::onDispatchedPacket;
    private final MessageHandler ringHandler = this::onRingMessage;
    private Session dispatchSession;
    private long dispatchMillis;
    private long drainMillis;
    private ServerSocketChannel acceptor;
    private SequenceMark routedThrough;
    private CommandSink engine;
    private EventHistory history;
    private long recoveredThrough;
    private Thread thread;
    private volatile boolean running;
    private volatile boolean stopAccepting;
    private volatile boolean engineClosed;
    private volatile boolean sleeping;
    /** The error that ended the server thread, if one did. */
    private volatile Throwable fatal;
    private long nextTimerMillis;

    public GatewayServer(final GatewayConfig config)
    {
        this.config = config.validate();
        this.users = config.users();
        this.maxMessageLength = config.maxPacketLength() - 1;
        this.replyBuffer = new UnsafeBuffer(new byte[OutboundEncoder.MAX_MESSAGE_LENGTH]);
        this.events = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(config.eventRingBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
        this.loginThrottle = new LoginThrottle(config.maxFailedLogins(), config.failedLoginWindowMillis(), 100_000);
        this.stores = new OutboundStore[users.size() + 1];
        for (int i = 0; i <= users.size(); i++)
        {
            sessionsByUser.add(new ArrayList<>());
        }
        try
        {
            this.selector = Selector.open();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        this.output = new RingOutput(users, events, this::wakeUp);
        this.passwordCheck = new PasswordCheck(users, this::wakeUp);
    }

    /** Register this with {@code Engine.start} so that the engine's events reach the clients. */
    public EngineOutput engineOutput()
    {
        return output;
    }

    /**
     * The SoupBinTCP session id, once started: constant until an operator starts a new session
     * ({@link GatewayConfig#newSession}); null before {@link #start}.
     */
    public String sessionId()
    {
        return sessionId;
    }

    /**
     * Opens the stores, stores what the engine's journal holds beyond them ({@link CatchUp}), binds the listen
     * address and starts the server thread. Live events wait in the ring meanwhile. The engine must have been
     * started with {@link #engineOutput()}.
     *
     * @throws UncheckedIOException when the address cannot be bound or a store cannot be opened.
     */
    public synchronized void start(final CommandSink engine, final EventHistory history, final long recoveredThrough)
    {
        if (thread != null)
        {
            throw new IllegalStateException("already started");
        }
        this.engine = engine;
        this.history = history;
        this.recoveredThrough = recoveredThrough;
        final CountDownLatch opened = new CountDownLatch(1);
        final Throwable[] failure = new Throwable[1];
        running = true;
        // The stores are opened, caught up and written on this one thread: Chronicle appenders belong to a thread.
        thread = new Thread(() ->
        {
            try
            {
                openSession();
                listen();
            }
            catch (final RuntimeException | Error ex)
            {
                // An Error too: start must learn of it, not wait for a latch nobody counts down.
                failure[0] = ex;
                try
                {
                    closeStores();
                }
                finally
                {
                    running = false;
                    stopped.countDown();
                    opened.countDown();
                }
                return;
            }
            opened.countDown();
            run();
        }, "gateway-server");
        thread.start();
        awaitUninterruptibly(opened);
        if (failure[0] != null)
        {
            closeQuietly(acceptor);
            if (failure[0] instanceof Error error)
            {
                throw error;
            }
            throw (RuntimeException)failure[0];
        }
        LOG.log(System.Logger.Level.INFO, "gateway session " + sessionId + " listening on " + localAddress());
    }

    /** The bound address (with the actual port when port 0 was configured). */
    public InetSocketAddress localAddress()
    {
        try
        {
            return (InetSocketAddress)acceptor.getLocalAddress();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Closes the listening socket; connected sessions go on. */
    public void stopAccepting()
    {
        stopAccepting = true;
        wakeUp();
    }

    /** @return connections open right now (any state). Read from any thread; approximate while it changes. */
    public int connectionCount()
    {
        return stats.connections;
    }

    /** @return counters for operators: protocol violations, rejects, disconnects. */
    public GatewayStats stats()
    {
        return stats;
    }

    /**
     * Tells the gateway that the engine has been closed: every event it will deliver has been handed over, so the
     * last command's events are complete too and {@link #close()} can cover it with the routed-through mark. Without
     * this call the next start re-derives that command (and skips what is stored): the same result, found slower.
     */
    public void engineClosed()
    {
        engineClosed = true;
    }

    /**
     * Stops the server thread after it stored and sent every event already handed over, closes every session and
     * the stores. Close the engine first so that its last events are not lost.
     */
    @Override
    public void close()
    {
        stopAccepting = true;
        running = false;
        wakeUp();
        final Thread t = thread;
        if (t != null)
        {
            awaitUninterruptibly(stopped);
        }
        output.close();
        passwordCheck.close();
        closeQuietly(selector);
        closeQuietly(acceptor);
    }

    private void listen()
    {
        try
        {
            acceptor = ServerSocketChannel.open();
            acceptor.bind(config.listenAddress(), 128);
            acceptor.configureBlocking(false);
            acceptor.register(selector, SelectionKey.OP_ACCEPT);
        }
        catch (final IOException ex)
        {
            closeQuietly(acceptor);
            throw new UncheckedIOException("cannot listen on " + config.listenAddress(), ex);
        }
    }

    /**
     * Reads the session id, opens the stores and catches them up with the journal; for a new session then archives
     * them, complete, and opens the new session's.
     */
    private void openSession()
    {
        final Path dataDirectory = config.dataDirectory();
        final Path interrupted = SessionArchive.finishInterrupted(dataDirectory);
        if (interrupted != null)
        {
            LOG.log(System.Logger.Level.WARNING, "finished archiving the session in " + interrupted +
                ", which an earlier start began");
        }
        sessionId = SessionId.loadOrCreate(dataDirectory, System.currentTimeMillis());
        openStores();
        new CatchUp(users, stores).run(history, recoveredThrough, routedThrough);
        if (config.newSession())
        {
            final String ended = sessionId;
            closeStores();
            final Path archive = SessionArchive.archive(dataDirectory);
            sessionId = SessionId.loadOrCreate(dataDirectory,
                Math.max(System.currentTimeMillis(), SessionId.createdMillis(ended) + 1));
            openStores();
            LOG.log(System.Logger.Level.INFO, "session " + ended + " ended (its streams are in " + archive +
                "); new session " + sessionId);
        }
    }

    private void openStores()
    {
        routedThrough = SequenceMark.open(config.dataDirectory().resolve(DataDirectory.ROUTED_THROUGH));
        final Path userRoot = config.dataDirectory().resolve(SessionArchive.USERS);
        for (final User user : users.users())
        {
            final Path directory = userRoot.resolve(user.name());
            try
            {
                Files.createDirectories(directory);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot create " + directory, ex);
            }
            stores[user.index()] = OutboundStore.open(directory);
        }
    }

    private void closeStores()
    {
        if (routedThrough != null)
        {
            routedThrough.close();
            routedThrough = null;
        }
        for (int i = 0; i < stores.length; i++)
        {
            if (stores[i] != null)
            {
                stores[i].close();
                stores[i] = null;
            }
        }
    }

    private void run()
    {
        try
        {
            while (running)
            {
                try
                {
                    doWork();
                }
                catch (final RuntimeException | IOException ex)
                {
                    // The loop must outlive anything one turn throws: log it, count it, go on.
                    stats.internalErrors.incrementAndGet();
                    LOG.log(System.Logger.Level.ERROR, "gateway server turn failed", ex);
                }
            }
            drainMillis = System.currentTimeMillis();
            drainFully(events, ringHandler);
            if (engineClosed && !engine.isHalted())
            {
                // Everything the engine delivered is stored: its last command is complete. A halted engine may
                // have stopped inside a command, whose rest the next start re-derives.
                routedThrough.advance(output.lastSequence());
            }
            for (int i = 0; i < sessions.size(); i++)
            {
                final Session session = sessions.get(i);
                try
                {
                    session.flush();
                }
                catch (final IOException ignored)
                {
                    // Shutting down: a client that cannot take its last bytes replays them on its next login.
                }
                session.close("server closing");
            }
        }
        catch (final Error error)
        {
            // Out of memory, say: this thread cannot be trusted to go on. Clients lose their connections; what the
            // engine delivers from here on is not stored, and the next start re-derives it from the journal (the
            // routed-through mark stays where it is).
            fatal = error;
            LOG.log(System.Logger.Level.ERROR, "gateway server thread failed and stops serving", error);
        }
        finally
        {
            // Whatever ended the loop, no connection outlives it (those closed above are closed already).
            for (int i = 0; i < sessions.size(); i++)
            {
                closeQuietly(sessions.get(i).channel());
            }
            sessions.clear();
            stats.connections = 0;
            // Never leave the engine's thread waiting for room in a ring that nobody reads any more.
            output.close();
            closeStores();
            stopped.countDown();
        }
    }

    /**
     * Waits until the server thread has ended: after {@link #close()}, or on its own after a fatal error.
     *
     * @return the error that ended it, or null for an orderly stop.
     */
    public Throwable awaitStop() throws InterruptedException
    {
        stopped.await();
        return fatal;
    }

    private void doWork() throws IOException
    {
        int work = drainEvents(EVENTS_PER_TURN);
        work += completeLogins();
        if (stopAccepting && acceptor.isOpen())
        {
            acceptor.close();
        }
        final int ready;
        if (work > 0 || config.busySpin())
        {
            ready = selector.selectNow();
        }
        else
        {
            sleeping = true;
            VarHandle.fullFence();
            if (events.size() == 0 && !passwordCheck.hasOutcomes() && running)
            {
                ready = selector.select(TIMER_PERIOD_MILLIS);
            }
            else
            {
                ready = selector.selectNow();
            }
            sleeping = false;
        }
        if (ready > 0)
        {
            final Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext())
            {
                final SelectionKey key = keys.next();
                keys.remove();
                if (!key.isValid())
                {
                    continue;
                }
                if (key.isAcceptable())
                {
                    accept();
                }
                else
                {
                    final Session session = (Session)key.attachment();
                    if (key.isReadable())
                    {
                        onReadable(session);
                    }
                    if (key.isValid() && key.isWritable())
                    {
                        onWritable(session, key);
                    }
                }
            }
        }
        final long now = System.currentTimeMillis();
        if (now >= nextTimerMillis)
        {
            nextTimerMillis = now + TIMER_PERIOD_MILLIS;
            checkTimers(now);
        }
        replayAndFlush(now);
    }

    private void accept() throws IOException
    {
        final SocketChannel channel = acceptor.accept();
        if (channel == null)
        {
            return;
        }
        if (sessions.size() >= config.maxConnections())
        {
            stats.refusedConnections.incrementAndGet();
            closeQuietly(channel);
            return;
        }
        try
        {
            final String address = ((InetSocketAddress)channel.getRemoteAddress()).getAddress().getHostAddress();
            if (unauthenticatedFrom(address) >= config.maxUnauthenticatedPerAddress())
            {
                stats.refusedConnections.incrementAndGet();
                closeQuietly(channel);
                return;
            }
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            final Session session = new Session(channel, address,
                config.maxPacketLength(), config.sendBufferBytes(), System.currentTimeMillis());
            channel.register(selector, SelectionKey.OP_READ, session);
            sessions.add(session);
            stats.connections = sessions.size();
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
        }
    }

    /** Open connections from this address that have not logged in; a scan, since accepting is rare. */
    private int unauthenticatedFrom(final String address)
    {
        int count = 0;
        for (int i = 0; i < sessions.size(); i++)
        {
            final Session session = sessions.get(i);
            if (session.isLoggingIn() && session.remoteAddress().equals(address))
            {
                count++;
            }
        }
        return count;
    }

    private void onReadable(final Session session)
    {
        if (session.isClosing() || session.state() == SessionState.AUTHENTICATING)
        {
            return;
        }
        final long now = System.currentTimeMillis();
        final int read;
        try
        {
            read = session.channel().read(session.reader().receiveBuffer());
        }
        catch (final IOException ex)
        {
            end(session, "read failed: " + ex.getMessage());
            return;
        }
        if (read < 0)
        {
            end(session, "closed by peer");
            return;
        }
        if (read > 0)
        {
            session.received(now);
            dispatch(session, now);
        }
    }

    private void dispatch(final Session session, final long now)
    {
        final int result;
        try
        {
            dispatchSession = session;
            dispatchMillis = now;
            result = session.reader().dispatch(packetHandler);
        }
        catch (final RuntimeException ex)
        {
            stats.internalErrors.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "session " + session.remoteAddress() + " failed; closing it", ex);
            end(session, "internal error");
            return;
        }
        finally
        {
            // Not to keep a closed session (and its send buffer) reachable until the next read.
            dispatchSession = null;
        }
        if (result == PacketReader.FRAMING_ERROR)
        {
            violation(session, "bad packet length");
        }
    }

    private boolean onDispatchedPacket(final byte type, final DirectBuffer buffer, final int offset, final int length)
    {
        return onPacket(dispatchSession, type, buffer, offset, length, dispatchMillis);
    }

    private boolean onPacket(
        final Session session, final byte type, final DirectBuffer buffer, final int offset, final int length,
        final long now)
    {
        if (session.isClosing())
        {
            return false;
        }
        if (type == SoupBinTcp.DEBUG)
        {
            return true;
        }
        if (session.state() == SessionState.AWAITING_LOGIN)
        {
            if (type != SoupBinTcp.LOGIN_REQUEST)
            {
                violation(session, "packet '" + (char)type + "' before login");
                return false;
            }
            beginLogin(session, buffer, offset, length, now);
            return false;
        }
        switch (type)
        {
            case SoupBinTcp.UNSEQUENCED_DATA -> onApplicationMessage(session, buffer, offset, length, now);
            case SoupBinTcp.CLIENT_HEARTBEAT ->
            {
                // Its arrival already counted as traffic.
            }
            case SoupBinTcp.LOGOUT_REQUEST ->
            {
                session.closeAfterFlush("logout");
                return false;
            }
            default ->
            {
                violation(session, "unexpected packet '" + (char)type + "'");
                return false;
            }
        }
        return !session.isClosing();
    }

    private void beginLogin(
        final Session session, final DirectBuffer buffer, final int offset, final int length, final long now)
    {
        if (!loginRequest.decode(buffer, offset, length))
        {
            violation(session, "malformed login request");
            return;
        }
        if (!loginThrottle.allows(session.remoteAddress(), now) ||
            !passwordCheck.submit(session, users.user(loginRequest.username()), loginRequest.password().toCharArray(),
                loginRequest.requestedSession(), loginRequest.requestedSequenceNumber(),
                loginRequest.heartbeatTimeoutMillis()))
        {
            stats.rejectedLogins.incrementAndGet();
            session.loginRejected(SoupBinTcp.REJECT_NOT_AUTHORIZED, now);
            return;
        }
        session.authenticating();
        session.channel().keyFor(selector).interestOps(0);
    }

    private int completeLogins()
    {
        int count = 0;
        PasswordCheck.Outcome outcome;
        while ((outcome = passwordCheck.poll()) != null)
        {
            count++;
            final Session session = outcome.session();
            final long now = System.currentTimeMillis();
            if (outcome.user() == null)
            {
                // A wrong password counts against its address also when the connection ended while it was checked.
                loginThrottle.onFailure(session.remoteAddress(), now);
                if (session.state() == SessionState.AUTHENTICATING)
                {
                    stats.rejectedLogins.incrementAndGet();
                    session.loginRejected(SoupBinTcp.REJECT_NOT_AUTHORIZED, now);
                }
                continue;
            }
            if (session.state() != SessionState.AUTHENTICATING)
            {
                continue;
            }
            loginThrottle.onSuccess(session.remoteAddress());
            if (!outcome.requestedSession().isEmpty() && !outcome.requestedSession().equals(sessionId))
            {
                stats.rejectedLogins.incrementAndGet();
                session.loginRejected(SoupBinTcp.REJECT_SESSION_NOT_AVAILABLE, now);
                continue;
            }
            final User user = outcome.user();
            final OutboundStore store = stores[user.index()];
            final long next = store.nextSequence();
            // 0 means "only new messages"; a number beyond the stream starts at its end: Login Accepted says where.
            final long start = outcome.requestedSequence() == 0 || outcome.requestedSequence() > next ?
                next : outcome.requestedSequence();
            final long clientTimeout = outcome.heartbeatTimeoutMillis() == 0 ? config.clientTimeoutMillis() :
                Math.max(config.heartbeatIntervalMillis(),
                    Math.min(outcome.heartbeatTimeoutMillis(), config.clientTimeoutMillis()));
            session.loginAccepted(user, store, sessionId, start, clientTimeout,
                new TokenBucket(config.commandsPerSecond(), config.commandBurst(), System.nanoTime()), now);
            session.received(now);
            sessionsByUser.get(user.index()).add(session);
            stats.logins.incrementAndGet();
            final SelectionKey key = session.channel().keyFor(selector);
            if (key != null && key.isValid())
            {
                key.interestOps(SelectionKey.OP_READ);
            }
            if (session.reader().pending() > 0)
            {
                dispatch(session, now);
            }
        }
        return count;
    }

    private void onApplicationMessage(
        final Session session, final DirectBuffer buffer, final int offset, final int length, final long now)
    {
        final DecodeResult result = decoder.decode(buffer, offset, length, command);
        final User user = session.user();
        // Every message takes a token, an undecodable one too: each would otherwise cost a stored and sent reject.
        if (!session.tokens().tryTake(System.nanoTime()))
        {
            stats.throttled.incrementAndGet();
            if (!result.isError())
            {
                // Beyond the rate an undecodable message gets no answer at all; it still counts as abuse.
                answer(session, result, RejectReason.THROTTLED, now);
            }
            if (session.throttled(now, config.maxThrottlesPerWindow(), config.throttleWindowMillis()))
            {
                stats.abuseDisconnects.incrementAndGet();
                end(session, "throttled more than " + config.maxThrottlesPerWindow() + " times within " +
                    config.throttleWindowMillis() + " ms");
            }
            return;
        }
        if (result.isError())
        {
            stats.protocolRejects.incrementAndGet();
            final int replyLength = encoder.encodeProtocolReject(result, decoder, replyBuffer, 0);
            deliver(user.index(), replyBuffer, 0, replyLength, now);
            return;
        }
        if ((decoder.isAdmin() && !user.isAdmin()) ||
            (decoder.actsOnAccount() && !user.mayTrade(decoder.commandAccountId())))
        {
            stats.notAuthorized.incrementAndGet();
            answer(session, result, RejectReason.NOT_AUTHORIZED, now);
            return;
        }
        if (result == DecodeResult.TAKE_SNAPSHOT)
        {
            final SubmitResult submitted = engine.requestSnapshot();
            answer(session, result, submitted == SubmitResult.ACCEPTED ? RejectReason.NONE : toReason(submitted), now);
            return;
        }
        final SubmitResult submitted = engine.submit(user.index(), command);
        if (submitted != SubmitResult.ACCEPTED)
        {
            stats.engineRejects.incrementAndGet();
            answer(session, result, toReason(submitted), now);
        }
    }

    private static RejectReason toReason(final SubmitResult result)
    {
        return result == SubmitResult.BUSY ? RejectReason.ENGINE_BUSY : RejectReason.ENGINE_HALTED;
    }

    /**
     * Answers a command in the gateway, without the engine: a reject with this reason, or for TakeSnapshot the result
     * of the request (reason NONE when the engine took it).
     */
    private void answer(final Session session, final DecodeResult result, final RejectReason reason, final long now)
    {
        final int length;
        if (result == DecodeResult.TAKE_SNAPSHOT)
        {
            length = encoder.encodeSnapshotResult(command.requestId(), reason, replyBuffer, 0);
        }
        else
        {
            length = encoder.encodeReject(command, reason, replyBuffer, 0);
        }
        deliver(session.user().index(), replyBuffer, 0, length, now);
    }

    /**
     * Reads every message in the ring. One {@code read} stops at the end of the ring's buffer: a backlog that wraps
     * around takes two.
     *
     * @return how many messages were read.
     */
    static long drainFully(final RingBuffer ring, final MessageHandler handler)
    {
        long total = 0;
        for (int read = ring.read(handler); read > 0; read = ring.read(handler))
        {
            total += read;
        }
        return total;
    }

    private int drainEvents(final int limit)
    {
        drainMillis = System.currentTimeMillis();
        return events.read(ringHandler, limit);
    }

    private void onRingMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (type == RingOutput.COMPLETE)
        {
            routedThrough.advance(buffer.getLong(index));
        }
        else
        {
            deliver(type, buffer, index, length, drainMillis);
        }
    }

    /** Appends a message to the user's stream and sends it to the user's sessions that are caught up. */
    private void deliver(final int userIndex, final DirectBuffer buffer, final int offset, final int length,
        final long now)
    {
        final long sequence = stores[userIndex].append(buffer, offset, length);
        final List<Session> live = sessionsByUser.get(userIndex);
        for (int i = live.size() - 1; i >= 0; i--)
        {
            final Session session = live.get(i);
            try
            {
                if (!session.offerLive(sequence, buffer, offset, length, now))
                {
                    stats.slowConsumerDisconnects.incrementAndGet();
                    end(session, "send buffer full: client not reading");
                }
            }
            catch (final IOException ex)
            {
                end(session, "write failed: " + ex.getMessage());
            }
        }
    }

    private void onWritable(final Session session, final SelectionKey key)
    {
        try
        {
            if (session.flush())
            {
                key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
            }
        }
        catch (final IOException ex)
        {
            end(session, "write failed: " + ex.getMessage());
        }
    }

    private void checkTimers(final long now)
    {
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final Session session = sessions.get(i);
            final String timeout = session.timedOut(now, config.loginTimeoutMillis());
            if (timeout != null)
            {
                stats.timeouts.incrementAndGet();
                end(session, timeout);
            }
            else if (session.heartbeatDue(now, config.heartbeatIntervalMillis()))
            {
                session.sendEmpty(SoupBinTcp.SERVER_HEARTBEAT, now);
            }
        }
    }

    private void replayAndFlush(final long now)
    {
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final Session session = sessions.get(i);
            if (session.isBehind() && !session.isClosing())
            {
                session.replay(config.replayBatchMessages(), maxMessageLength, now);
            }
            if (session.pendingBytes() == 0 && !session.isClosing())
            {
                continue;
            }
            final SelectionKey key = session.channel().keyFor(selector);
            try
            {
                final boolean flushed = session.flush();
                if (session.isClosing())
                {
                    end(session, session.closeReason());
                }
                else if (!flushed && key != null && key.isValid())
                {
                    key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                }
            }
            catch (final IOException ex)
            {
                end(session, "write failed: " + ex.getMessage());
            }
        }
    }

    private void violation(final Session session, final String what)
    {
        stats.protocolViolations.incrementAndGet();
        end(session, "protocol violation: " + what);
    }

    private void end(final Session session, final String reason)
    {
        if (session.state() == SessionState.CLOSED)
        {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "closing session of " + session.remoteAddress() +
            (session.user() != null ? " (" + session.user().name() + ")" : "") + ": " + reason);
        if (session.user() != null)
        {
            sessionsByUser.get(session.user().index()).remove(session);
        }
        session.close(reason);
        sessions.remove(session);
        stats.connections = sessions.size();
    }

    private void wakeUp()
    {
        if (sleeping || !running)
        {
            selector.wakeup();
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

    private static void closeQuietly(final AutoCloseable closeable)
    {
        if (closeable == null)
        {
            return;
        }
        try
        {
            closeable.close();
        }
        catch (final Exception ignored)
        {
            // Closing during shutdown or after a failure: nothing left to do with it.
        }
    }
}
