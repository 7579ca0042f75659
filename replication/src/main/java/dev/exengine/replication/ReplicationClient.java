package dev.exengine.replication;

import dev.exengine.core.command.CommandType;
import dev.exengine.journal.JournalRecordDescriptor;
import dev.exengine.protocol.soupbin.LoginRequest;
import dev.exengine.protocol.soupbin.PacketHandler;
import dev.exengine.protocol.soupbin.ReadyKeys;
import dev.exengine.protocol.soupbin.SelectorIdleStrategy;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import dev.exengine.replay.EpochHistory;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A standby's link to its primary, on its own thread: it logs in with the replication credential, says where its
 * journal is ({@code IDENTIFY}), checks from the primary's HELLO that its journal is a beginning of the primary's (the
 * epochs tell where two histories part; a standby of a newer epoch than the primary refuses to follow it), then takes
 * every record: its format, length and CRC are checked and its sequence must be the next one. A record waits here
 * until the primary says it has decided it (a DECIDED mark), and then goes to the engine with the primary's decision
 * (applied, or left out when a SKIP_COMMAND record names it). Whatever the engine journals is acknowledged ({@code ACK})
 * as it becomes durable (the engine wakes this thread, see {@link #wakeUp()}). A broken connection, a damaged record
 * or a gap ends the connection; the next one resumes after the last record handed to the engine, so no record is taken
 * twice or missed. On promotion it stops ({@link #stop()}), and the records it holds undecided go to the engine for it
 * to decide ({@link #handUndecided()}).
 *
 * <p>Allocates nothing per record after warm-up; connecting allocates.
 */
public final class ReplicationClient implements Agent, AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(ReplicationClient.class.getName());
    private static final int SEND_BUFFER_BYTES = 64 * 1024;
    private static final long TIMER_PERIOD_MILLIS = 5;
    private static final long RECONNECT_MILLIS = 500;
    /** Received and not yet decided, at most: beyond it the link stops reading (TCP holds the primary back). */
    private static final int MAX_PENDING_BYTES = 64 << 20;

    /** What a primary decided about a record, as the engine takes it. */
    public enum Decision
    {
        APPLIED, LEFT_OUT, UNDECIDED
    }

    /** What the standby needs of its own node. */
    public interface Replica
    {
        /** @return the epochs of this node's journal. */
        EpochHistory epochs();

        /** @return the journal sequence through which this node's journal is durable. */
        long durableSequence();

        /**
         * Hands a record to the engine, journaled with exactly these fields.
         *
         * @return false when the engine has no room right now: offer it again later.
         */
        boolean offer(long sequence, long timestamp, long origin, DirectBuffer payload, int offset, int length,
            Decision decision);

        /** The primary's gateway runs this SoupBinTCP session: the standby's gateway takes it on. */
        void adoptSession(String sessionId);
    }

    private enum State
    {
        DISCONNECTED, CONNECTING, LOGGING_IN, IDENTIFIED, FOLLOWING, STOPPED
    }

    private final ReplicationSettings settings;
    private final Replica replica;
    private final Selector selector;
    private final SelectorIdleStrategy idle;
    private final PendingRecords pending = new PendingRecords();
    private final LongHashSet leftOut = new LongHashSet();
    private final LoginRequest loginRequest = new LoginRequest();
    private final PacketHandler packetHandler = this::onPacket;
    /** The keys a cycle's select finds ready go to {@link #onReady}, with the cycle's time. */
    private final ReadyKeys readyKeys;
    private long cycleMillis;
    private final UnsafeBuffer receiveView = new UnsafeBuffer(0, 0);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private AgentRunner runner;
    private Link link;
    private WireRecord records;
    private State state = State.DISCONNECTED;
    private long reconnectAtMillis;
    private long nextTimerMillis;
    /** The last record handed to the engine: the next connection resumes after it. */
    private volatile long handedThrough;
    /** The last record received (pending or handed on). */
    private long receivedThrough;
    /** The engine's ring had no room for the next decided record at the last try. */
    private boolean engineFull;
    private long acked;
    private volatile long decided;
    private volatile long primaryEnd;
    private volatile String refusal;
    private volatile String lastLinkFailure;
    private volatile boolean connected;
    private volatile boolean stopRequested;

    public ReplicationClient(final ReplicationSettings settings, final Replica replica)
    {
        this.settings = settings;
        this.replica = replica;
        try
        {
            this.selector = Selector.open();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open a selector", ex);
        }
        this.idle = new SelectorIdleStrategy(selector, TIMER_PERIOD_MILLIS, () -> stopRequested);
        this.readyKeys = new ReadyKeys(selector, this::onReady);
        this.handedThrough = replica.durableSequence();
        this.receivedThrough = handedThrough;
        this.acked = handedThrough;
        this.decided = handedThrough;
    }

    /** Starts following the primary on its own thread. */
    public void start()
    {
        runner = new AgentRunner(idle, error -> LOG.log(System.Logger.Level.ERROR, "following the primary failed",
            error), null, this);
        AgentRunner.startOnThread(runner, runnable ->
        {
            final Thread thread = new Thread(runnable, "exengine-follower");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The engine journaled more: acknowledge it. Safe from any thread. */
    public void wakeUp()
    {
        idle.wakeUp();
    }

    /** @return true while logged in to the primary and following it. */
    public boolean isFollowing()
    {
        return connected;
    }

    /** @return the journal sequence through which the primary has decided every command, as last heard. */
    public long decidedSequence()
    {
        return decided;
    }

    /** @return the primary's journal end, as last heard. */
    public long primaryEnd()
    {
        return primaryEnd;
    }

    /** @return the last record handed to the engine; after {@link #stop()} and {@link #handUndecided()}, all of them. */
    public long handedThrough()
    {
        return handedThrough;
    }

    /** @return why the link to the primary was last lost, or null. */
    public String lastLinkFailure()
    {
        return lastLinkFailure;
    }

    /** @return why the primary or this standby refused to go on, or null. */
    public String refusal()
    {
        return refusal;
    }

    /**
     * Stops following (a promotion) and waits for the thread to end: what was received and not decided stays here
     * for {@link #handUndecided()}.
     */
    public void stop()
    {
        stopRequested = true;
        selector.wakeup();
        if (runner != null)
        {
            runner.close(0, null);
        }
        else
        {
            // Never started (its node failed to start): no thread will close what the constructor opened.
            onClose();
        }
    }

    /**
     * After {@link #stop()}: hands the records the primary had not decided to the engine, to decide as the primary it
     * now is, waiting while its ring is full.
     *
     * @return how many.
     */
    public int handUndecided()
    {
        int count = 0;
        while (!pending.isEmpty())
        {
            // What the primary decided goes as it decided; the rest the engine decides.
            final Decision decision = pending.oldestSequence() <= decided ? decisionOfOldest() : Decision.UNDECIDED;
            if (offerOldest(decision))
            {
                count += decision == Decision.UNDECIDED ? 1 : 0;
            }
            else
            {
                Thread.onSpinWait();
            }
        }
        return count;
    }

    @Override
    public void close()
    {
        stop();
    }

    @Override
    public String roleName()
    {
        return "exengine-follower";
    }

    @Override
    public int doWork()
    {
        if (stopRequested)
        {
            // What was received stays pending: the engine gets it after the stop (handUndecided).
            closeLink();
            state = State.STOPPED;
            throw new AgentTerminationException(true);
        }
        try
        {
            return cycle();
        }
        catch (final IOException | RuntimeException ex)
        {
            disconnect("the link to the primary failed: " + ex.getMessage());
            return 1;
        }
    }

    @Override
    public void onClose()
    {
        closeLink();
        try
        {
            selector.close();
        }
        catch (final IOException ignored)
        {
            // At the end: nothing left to do with it.
        }
        stopped.countDown();
    }

    private int cycle() throws IOException
    {
        final long nowMillis = System.currentTimeMillis();
        int work = 0;
        if (state == State.DISCONNECTED)
        {
            if (nowMillis >= reconnectAtMillis)
            {
                connect(nowMillis);
                work++;
            }
            return work;
        }
        cycleMillis = nowMillis;
        work += readyKeys.selectNow();
        if (state == State.DISCONNECTED)
        {
            return work;
        }
        if (state != State.CONNECTING && readsOn())
        {
            final int received = link.receive(packetHandler, nowMillis);
            if (received < 0)
            {
                disconnect("the primary closed the connection");
                return work + 1;
            }
            work += received;
        }
        if (state == State.DISCONNECTED)
        {
            return work;
        }
        work += handDecided();
        final long durable = replica.durableSequence();
        if (state == State.FOLLOWING && durable > acked &&
            link.room() >= ReplicationMessages.SEQUENCE_MESSAGE_LENGTH + SoupBinTcp.HEADER_SIZE)
        {
            final int length = ReplicationMessages.sequenceMessage(link.sendBuffer(), link.messageOffset(),
                ReplicationMessages.ACK, durable);
            link.queueMessage(length, nowMillis);
            acked = durable;
            work++;
        }
        if (nowMillis >= nextTimerMillis)
        {
            nextTimerMillis = nowMillis + TIMER_PERIOD_MILLIS;
            if (link.silentFor(nowMillis, settings.peerTimeout().toMillis()))
            {
                disconnect("the primary was silent for " + settings.peerTimeout().toMillis() + " ms");
                return work;
            }
            if (state != State.CONNECTING && link.heartbeatDue(nowMillis, settings.heartbeat().toMillis()))
            {
                link.queueEmpty(SoupBinTcp.CLIENT_HEARTBEAT, nowMillis);
            }
        }
        if (state != State.CONNECTING)
        {
            final boolean flushed = link.flush();
            // Reading stops while the backlog or the engine's ring is full (readsOn): TCP holds the primary back.
            link.channel().keyFor(selector).interestOps((readsOn() ? SelectionKey.OP_READ : 0) |
                (flushed ? 0 : SelectionKey.OP_WRITE));
        }
        return work;
    }

    private void connect(final long nowMillis) throws IOException
    {
        final SocketChannel channel = SocketChannel.open();
        try
        {
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            link = new Link(channel, SEND_BUFFER_BYTES, nowMillis);
            records = new WireRecord(link.receiveBuffer(), receiveView);
            if (channel.connect(settings.primary()))
            {
                channel.register(selector, SelectionKey.OP_READ);
                loggingIn(nowMillis);
            }
            else
            {
                channel.register(selector, SelectionKey.OP_CONNECT);
                state = State.CONNECTING;
            }
        }
        catch (final IOException ex)
        {
            channel.close();
            link = null;
            reconnectAtMillis = nowMillis + RECONNECT_MILLIS;
            throw ex;
        }
    }

    private void onReady(final SelectionKey key) throws IOException
    {
        if (key.isConnectable())
        {
            finishConnect(cycleMillis);
        }
    }

    private void finishConnect(final long nowMillis) throws IOException
    {
        try
        {
            if (link.channel().finishConnect())
            {
                link.channel().keyFor(selector).interestOps(SelectionKey.OP_READ);
                loggingIn(nowMillis);
            }
        }
        catch (final ConnectException ex)
        {
            disconnect("cannot reach the primary at " + settings.primary() + ": " + ex.getMessage());
        }
    }

    private void loggingIn(final long nowMillis)
    {
        state = State.LOGGING_IN;
        loginRequest.username(settings.user()).password(settings.password()).requestedSession("")
            .requestedSequenceNumber(handedThrough + 1);
        link.queueLoginRequest(loginRequest, nowMillis);
    }

    private boolean onPacket(final byte type, final DirectBuffer buffer, final int offset, final int length)
    {
        switch (type)
        {
            case SoupBinTcp.LOGIN_ACCEPTED -> onLoginAccepted(buffer, offset);
            case SoupBinTcp.LOGIN_REJECTED ->
                disconnect("the primary refused the replication login ('" + (char)buffer.getByte(offset) + "'): " +
                    "check replication.user and replication.password on both nodes");
            case SoupBinTcp.SEQUENCED_DATA -> onRecord(buffer, offset, length);
            case SoupBinTcp.UNSEQUENCED_DATA -> onMessage(buffer, offset, length);
            case SoupBinTcp.SERVER_HEARTBEAT ->
            {
                // Its arrival already counted as traffic.
            }
            default -> disconnect("unexpected packet '" + (char)type + "' from the primary");
        }
        return state != State.DISCONNECTED;
    }

    private void onLoginAccepted(final DirectBuffer buffer, final int offset)
    {
        if (state != State.LOGGING_IN)
        {
            disconnect("a second Login Accepted");
            return;
        }
        replica.adoptSession(SoupBinTcp.getAlpha(buffer, offset, SoupBinTcp.SESSION_LENGTH));
        final int length = ReplicationMessages.identify(link.sendBuffer(), link.messageOffset(),
            replica.epochs().current(), replica.durableSequence(), handedThrough);
        link.queueMessage(length, System.currentTimeMillis());
        receivedThrough = handedThrough;
        pending.clear();
        leftOut.clear();
        state = State.IDENTIFIED;
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 1)
        {
            disconnect("an empty message from the primary");
            return;
        }
        final byte type = buffer.getByte(offset);
        if (type == ReplicationMessages.HELLO && state == State.IDENTIFIED)
        {
            onHello(ReplicationMessages.readHello(buffer, offset, length));
        }
        else if (type == ReplicationMessages.DECIDED && state == State.FOLLOWING &&
            length == ReplicationMessages.SEQUENCE_MESSAGE_LENGTH)
        {
            decided = Math.max(decided, ReplicationMessages.sequenceOf(buffer, offset));
        }
        else if (type == ReplicationMessages.REFUSED)
        {
            final String reason = ReplicationMessages.reasonOf(buffer, offset, length);
            refusal = reason;
            disconnect("the primary refused this standby: " + reason);
        }
        else
        {
            disconnect("an unexpected message '" + (char)type + "' from the primary");
        }
    }

    /** Follows only a primary whose journal this standby's is a beginning of, and never one of an older epoch. */
    private void onHello(final ReplicationMessages.Hello hello)
    {
        final EpochHistory mine = replica.epochs();
        primaryEnd = hello.journalEnd();
        if (mine.current() > hello.epochs().current())
        {
            refuse("the primary is at epoch " + hello.epochs().current() + ", older than this node's " +
                mine.current() + ": a node of an older epoch never feeds a newer one. Point this standby at the " +
                "current primary");
            return;
        }
        final long fork = mine.forkPoint(replica.durableSequence(), hello.epochs(), hello.journalEnd());
        if (fork > 0)
        {
            refuse("this node's journal parts from the primary's at sequence " + fork + " (this node: " + mine +
                "; the primary: " + hello.epochs() + "): it holds records from " + fork + " on that the primary " +
                "never had. Stop this node, set that tail aside with bin/engine set-aside-tail --data DIR --from " +
                fork + " (kept, never deleted), and start it again as a standby");
            return;
        }
        refusal = null;
        connected = true;
        state = State.FOLLOWING;
        LOG.log(System.Logger.Level.INFO, "following the primary at " + settings.primary() + " from journal " +
            "sequence " + (handedThrough + 1) + " (its journal ends at " + hello.journalEnd() + ", " + hello.epochs() +
            ")");
    }

    private void onRecord(final DirectBuffer buffer, final int offset, final int length)
    {
        if (state != State.FOLLOWING)
        {
            disconnect("a record before the primary's HELLO");
            return;
        }
        receiveView.wrap(buffer);
        final String damage = records.damage(offset, length);
        if (damage != null)
        {
            disconnect("the record after " + receivedThrough + " came damaged (" + damage + "): resuming after " +
                handedThrough);
            return;
        }
        final long sequence = WireRecord.sequence(buffer, offset);
        if (sequence != receivedThrough + 1)
        {
            disconnect("record " + sequence + " came where " + (receivedThrough + 1) + " was due (a gap or a " +
                "duplicate): resuming after " + handedThrough);
            return;
        }
        final int payload = offset + JournalRecordDescriptor.PAYLOAD_OFFSET;
        if (WireRecord.payloadLength(buffer, offset) > 0 && buffer.getByte(payload) == CommandType.SKIP_COMMAND.code())
        {
            leftOut.add(buffer.getLong(payload + 1, ReplicationMessages.ORDER));
        }
        pending.add(buffer, offset, length);
        receivedThrough = sequence;
        primaryEnd = Math.max(primaryEnd, sequence);
    }

    /**
     * Reading stops while the backlog is full, or while the engine's ring is: TCP holds the primary back, and this
     * thread sleeps until the engine wakes it (it journaled more, so its ring has room) instead of offering again and
     * again, which on a small machine takes the core the engine needs to make that room.
     */
    private boolean readsOn()
    {
        return pending.bytes() < MAX_PENDING_BYTES && !engineFull;
    }

    /** Hands the engine every pending record the primary has decided, as far as the engine has room. */
    private int handDecided()
    {
        int count = 0;
        final long through = decided;
        engineFull = false;
        while (!pending.isEmpty() && pending.oldestSequence() <= through)
        {
            if (!offerOldest(decisionOfOldest()))
            {
                engineFull = true;
                break;
            }
            count++;
        }
        return count;
    }

    /** What the primary decided about the oldest pending record, which it has decided. */
    private Decision decisionOfOldest()
    {
        return leftOut.contains(pending.oldestSequence()) ? Decision.LEFT_OUT : Decision.APPLIED;
    }

    private boolean offerOldest(final Decision decision)
    {
        final DirectBuffer buffer = pending.buffer();
        final int offset = pending.oldestOffset();
        final long sequence = WireRecord.sequence(buffer, offset);
        if (!replica.offer(sequence, WireRecord.timestamp(buffer, offset), WireRecord.origin(buffer, offset), buffer,
            offset + JournalRecordDescriptor.PAYLOAD_OFFSET, WireRecord.payloadLength(buffer, offset), decision))
        {
            return false;
        }
        leftOut.remove(sequence);
        pending.removeOldest();
        handedThrough = sequence;
        return true;
    }

    private void refuse(final String reason)
    {
        refusal = reason;
        LOG.log(System.Logger.Level.ERROR, "not following the primary at " + settings.primary() + ": " + reason);
        disconnect(null);
        reconnectAtMillis = System.currentTimeMillis() + 10 * RECONNECT_MILLIS;
    }

    private void disconnect(final String reason)
    {
        if (reason != null && state != State.DISCONNECTED)
        {
            lastLinkFailure = reason;
            LOG.log(System.Logger.Level.WARNING, "replication link to " + settings.primary() + " lost: " + reason);
        }
        closeLink();
        // What was received but not handed on is received again after the reconnect.
        pending.clear();
        leftOut.clear();
        receivedThrough = handedThrough;
        if (state != State.STOPPED)
        {
            state = State.DISCONNECTED;
        }
        reconnectAtMillis = Math.max(reconnectAtMillis, System.currentTimeMillis() + RECONNECT_MILLIS);
    }

    private void closeLink()
    {
        if (link != null)
        {
            link.close();
            link = null;
        }
        connected = false;
    }
}
