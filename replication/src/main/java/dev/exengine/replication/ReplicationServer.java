package dev.exengine.replication;

import dev.exengine.journal.JournalReader;
import dev.exengine.journal.JournalRecordHandler;
import dev.exengine.protocol.soupbin.LoginRequest;
import dev.exengine.protocol.soupbin.PacketHandler;
import dev.exengine.protocol.soupbin.ReadyKeys;
import dev.exengine.protocol.soupbin.SelectorIdleStrategy;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import dev.exengine.replay.EpochHistory;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

/**
 * A node's replication port, on its own thread. On a primary it ships the journal to every standby that logs in with
 * the replication credential: from the sequence the standby asks for, read from disk for as long as it is behind,
 * then live as batches are committed (the engine wakes this thread, see {@link #wakeUp()}), each record one Sequenced
 * Data packet, interleaved with DECIDED marks: how far the primary's logic has decided every command, sent only once
 * every record up to the mark is shipped, so that a standby that meets a mark also has every SKIP_COMMAND record it
 * implies. It reads the standbys' acknowledgements, which {@link #releasableThrough()} turns into what a primary in
 * replicated durability may release, with the operator's policy for a standby that is gone. On any node it answers an
 * operator's STATUS and PROMOTE. A standby of a newer epoch fences this node; a standby whose journal this primary
 * no longer holds, or that asks for more than it has, is refused with what to do.
 *
 * <p>Allocates nothing per record shipped after warm-up; logins and connections allocate.
 */
public final class ReplicationServer implements Agent, AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(ReplicationServer.class.getName());
    private static final long TIMER_PERIOD_MILLIS = 5;
    private static final int SEND_BUFFER_BYTES = 1 << 20;
    /** Records read from the journal per poll: a batch. */
    private static final int RECORDS_PER_POLL = 256;

    /** What the server needs of the node it serves. */
    public interface Node
    {
        /** @return true while this node is the primary: it ships its journal. */
        boolean isPrimary();

        /** @return the epochs of this node's journal. */
        EpochHistory epochs();

        /** @return the journal sequence through which every command is decided. */
        long decidedSequence();

        /** @return the journal sequence through which the journal is durable. */
        long journalEnd();

        /** @return the gateway's SoupBinTCP session id, which standbys adopt. */
        String sessionId();

        /** @return what an operator's STATUS is told, the standbys' progress included. */
        ReplicationMessages.State state(long standbyAcked, long lagNanos);

        /** An operator asked this node to become primary. @return null when it did, otherwise why not. */
        String promote();

        /** A node of a newer epoch exists: this one must stop taking commands as a primary. */
        void fence(String reason);

        /** @return true when this node's replies wait for a standby (replicated durability). */
        boolean waitsForStandby();

        /** {@link #releasableThrough()} advanced: wake whoever waits to release. On this server's thread. */
        void releaseAdvanced();
    }

    private final ReplicationSettings settings;
    private final Path journalDirectory;
    private final Node node;
    private final ReplicationLogins logins;
    private final Selector selector;
    private final SelectorIdleStrategy idle;
    private final List<ReplicationPeer> peers = new ArrayList<>();
    private final LoginRequest loginRequest = new LoginRequest();
    private ServerSocketChannel acceptor;
    private AgentRunner runner;
    private final StandbyWatch standbys;
    private long nextTimerMillis;
    private ReplicationPeer dispatching;
    private final PacketHandler packetHandler = this::onPacket;
    /** The keys a cycle's select finds ready go to {@link #onReady}, with the cycle's time. */
    private final ReadyKeys readyKeys;
    private long cycleMillis;
    /** The peer and time of the records being shipped, in fields: shipping allocates nothing. */
    private ReplicationPeer shipping;
    private long shippingMillis;
    private final JournalRecordHandler recordHandler = this::shipRecord;

    /**
     * @param journalDirectory the journal this node ships.
     */
    public ReplicationServer(final ReplicationSettings settings, final Path journalDirectory, final Node node)
    {
        this.settings = settings;
        this.journalDirectory = journalDirectory;
        this.node = node;
        try
        {
            this.selector = Selector.open();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open a selector", ex);
        }
        this.logins = new ReplicationLogins(settings, this::wakeUp);
        this.idle = new SelectorIdleStrategy(selector, TIMER_PERIOD_MILLIS, logins::haveOutcomes);
        this.readyKeys = new ReadyKeys(selector, this::onReady);
        this.standbys = new StandbyWatch(settings, node.journalEnd(), System.nanoTime());
    }

    /**
     * Binds the replication port and starts serving on its own thread.
     *
     * @throws UncheckedIOException naming the address and the reason when it cannot be bound.
     */
    public void start()
    {
        try
        {
            acceptor = ServerSocketChannel.open();
            acceptor.bind(settings.listen(), 16);
            acceptor.configureBlocking(false);
            acceptor.register(selector, SelectionKey.OP_ACCEPT);
        }
        catch (final IOException ex)
        {
            closeQuietly(acceptor);
            closeQuietly(selector);
            logins.close();
            throw new UncheckedIOException("cannot listen for replication on " + settings.listen() + ": " +
                ex.getMessage(), ex);
        }
        runner = new AgentRunner(idle, error -> LOG.log(System.Logger.Level.ERROR, "replication failed", error),
            null, this);
        AgentRunner.startOnThread(runner, runnable ->
        {
            final Thread thread = new Thread(runnable, "exengine-replication");
            thread.setDaemon(true);
            return thread;
        });
        LOG.log(System.Logger.Level.INFO, "replication port listening on " + localAddress());
    }

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

    /** The engine journaled or decided more: ship it. Safe from any thread; cheap when this thread is busy. */
    public void wakeUp()
    {
        idle.wakeUp();
    }

    /**
     * @return the journal sequence through which a primary in replicated durability may release replies: what a
     * standby has acknowledged, or everything while the policy releases on local durability. Safe from any thread.
     */
    public long releasableThrough()
    {
        return standbys.releasableThrough();
    }

    /** @return the journal sequence a standby has acknowledged (the newest of them). */
    public long standbyAcked()
    {
        return standbys.standbyAcked();
    }

    /** @return how far, in time, the standby is behind the newest record shipped to it; 0 when caught up. */
    public long lagNanos()
    {
        return standbys.lagNanos();
    }

    @Override
    public String roleName()
    {
        return "exengine-replication";
    }

    @Override
    public int doWork()
    {
        try
        {
            return cycle();
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.log(System.Logger.Level.ERROR, "replication duty cycle failed", ex);
            return 1;
        }
        catch (final Error error)
        {
            throw new AgentTerminationException(error);
        }
    }

    @Override
    public void onClose()
    {
        for (final ReplicationPeer peer : peers)
        {
            peer.close();
        }
        peers.clear();
        closeQuietly(acceptor);
        closeQuietly(selector);
    }

    @Override
    public void close()
    {
        if (runner != null)
        {
            selector.wakeup();
            runner.close(0, null);
        }
        logins.close();
    }

    private int cycle() throws IOException
    {
        final long nowMillis = System.currentTimeMillis();
        int work = logins.complete(nowMillis, this::loggedIn);
        cycleMillis = nowMillis;
        work += readyKeys.selectNow();
        for (int i = peers.size() - 1; i >= 0; i--)
        {
            final ReplicationPeer peer = peers.get(i);
            if (peer.following)
            {
                work += ship(peer, nowMillis);
            }
            flush(peer);
        }
        if (nowMillis >= nextTimerMillis)
        {
            nextTimerMillis = nowMillis + TIMER_PERIOD_MILLIS;
            checkTimers(nowMillis);
        }
        if (standbys.watch(node.isPrimary(), node.waitsForStandby(), node.journalEnd(), System.nanoTime(),
            System.currentTimeMillis() * 1_000_000L))
        {
            node.releaseAdvanced();
        }
        return work;
    }

    private void onReady(final SelectionKey key) throws IOException
    {
        if (key.isAcceptable())
        {
            accept(cycleMillis);
        }
        else if (key.isReadable())
        {
            receive((ReplicationPeer)key.attachment(), cycleMillis);
        }
    }

    private void accept(final long nowMillis) throws IOException
    {
        final SocketChannel channel = acceptor.accept();
        if (channel == null)
        {
            return;
        }
        channel.configureBlocking(false);
        channel.socket().setTcpNoDelay(true);
        final ReplicationPeer peer = new ReplicationPeer(new Link(channel, SEND_BUFFER_BYTES, nowMillis));
        channel.register(selector, SelectionKey.OP_READ, peer);
        peers.add(peer);
    }

    private void receive(final ReplicationPeer peer, final long nowMillis)
    {
        try
        {
            dispatching = peer;
            if (peer.link.receive(packetHandler, nowMillis) < 0)
            {
                end(peer, peer.following ? "the standby closed the connection" : null);
            }
        }
        catch (final IOException ex)
        {
            end(peer, "the connection broke: " + ex.getMessage());
        }
        finally
        {
            dispatching = null;
        }
    }

    private boolean onPacket(final byte type, final DirectBuffer buffer, final int offset, final int length)
    {
        final ReplicationPeer peer = dispatching;
        if (peer.closing)
        {
            return false;
        }
        if (!peer.loggedIn)
        {
            if (peer.checking)
            {
                // What follows the login waits, buffered, for its outcome.
                return false;
            }
            if (type != SoupBinTcp.LOGIN_REQUEST || !loginRequest.decode(buffer, offset, length))
            {
                refuse(peer, "log in first, with the replication credential");
                return false;
            }
            logins.check(peer, loginRequest.username(), loginRequest.password(), loginRequest.requestedSequenceNumber());
            return false;
        }
        if (type == SoupBinTcp.CLIENT_HEARTBEAT)
        {
            return true;
        }
        if (type != SoupBinTcp.UNSEQUENCED_DATA || length < 1)
        {
            refuse(peer, "unexpected packet '" + (char)type + "'");
            return false;
        }
        switch (buffer.getByte(offset))
        {
            case ReplicationMessages.ACK -> onAck(peer, ReplicationMessages.sequenceOf(buffer, offset));
            case ReplicationMessages.IDENTIFY -> onIdentify(peer, buffer, offset, length);
            case ReplicationMessages.STATUS -> answerState(peer, null);
            case ReplicationMessages.PROMOTE -> answerState(peer, promote());
            default -> refuse(peer, "unknown message '" + (char)buffer.getByte(offset) + "'");
        }
        return !peer.closing;
    }

    /** A peer's login was accepted: answered, and what it sent after the login handled. */
    private void loggedIn(final ReplicationPeer peer, final long nowMillis)
    {
        peer.loggedIn = true;
        peer.link.queueLoginAccepted(node.sessionId(), Math.max(1, peer.requested), nowMillis);
        dispatching = peer;
        try
        {
            peer.link.dispatchBuffered(packetHandler);
        }
        catch (final IOException ex)
        {
            end(peer, "the connection broke: " + ex.getMessage());
        }
        finally
        {
            dispatching = null;
        }
    }

    /** A standby says who it is: it is shipped to from where it asked, or refused with what to do. */
    private void onIdentify(final ReplicationPeer peer, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != ReplicationMessages.IDENTIFY_LENGTH)
        {
            refuse(peer, "a malformed IDENTIFY");
            return;
        }
        final long standbyEpoch = buffer.getLong(offset + 1, ReplicationMessages.ORDER);
        final long standbyDurable = buffer.getLong(offset + 1 + Long.BYTES, ReplicationMessages.ORDER);
        final long standbyLast = buffer.getLong(offset + 1 + 2 * Long.BYTES, ReplicationMessages.ORDER);
        final EpochHistory epochs = node.epochs();
        if (standbyEpoch > epochs.current())
        {
            final String reason = "standby " + peer.remote() + " is at epoch " + standbyEpoch + ", newer than this " +
                "node's " + epochs.current() + ": a newer primary exists, and this node stops serving as a primary";
            refuse(peer, reason);
            node.fence(reason);
            return;
        }
        if (!node.isPrimary())
        {
            refuse(peer, "this node is not a primary: follow the primary");
            return;
        }
        final long first = standbyLast + 1;
        final long end = node.journalEnd();
        // The HELLO first, whatever follows: with this primary's epochs the standby names where the two histories part.
        final int helloLength = ReplicationMessages.hello(peer.link.sendBuffer(), peer.link.messageOffset(), end,
            node.sessionId(), epochs);
        peer.link.queueMessage(helloLength, System.currentTimeMillis());
        if (first > end + 1)
        {
            refuse(peer, "the standby's journal ends at " + standbyLast + ", past this primary's end at " + end +
                ": it holds records this primary never had (a fork, or the wrong primary); set its tail aside from " +
                (end + 1) + " (bin/engine set-aside-tail) and rejoin");
            return;
        }
        final JournalReader reader = JournalReader.openReadOnly(journalDirectory);
        if (!reader.seek(first))
        {
            reader.close();
            refuse(peer, "the standby asks for journal sequence " + first + ", which this primary no longer holds " +
                "(pruned): seed the standby from a backup taken after the prune, or from an empty data directory");
            return;
        }
        peer.reader = reader;
        peer.shipped = standbyLast;
        peer.acked = Math.min(standbyDurable, standbyLast);
        peer.following = true;
        LOG.log(System.Logger.Level.INFO, "standby " + peer.remote() + " follows from journal sequence " + first +
            " (its epoch " + standbyEpoch + ", this primary's journal ends at " + end + ")");
    }

    private void onAck(final ReplicationPeer peer, final long durable)
    {
        if (!peer.following || durable < peer.acked || durable > peer.shipped)
        {
            refuse(peer, "an acknowledgement of " + durable + " out of order (shipped " + peer.shipped +
                ", acknowledged " + peer.acked + ")");
            return;
        }
        peer.acked = durable;
        long newest = 0;
        for (int i = 0; i < peers.size(); i++)
        {
            newest = Math.max(newest, peers.get(i).acked);
        }
        if (standbys.acknowledged(newest))
        {
            node.releaseAdvanced();
        }
    }

    private String promote()
    {
        try
        {
            return node.promote();
        }
        catch (final RuntimeException ex)
        {
            LOG.log(System.Logger.Level.ERROR, "promotion failed", ex);
            return "the promotion failed: " + ex;
        }
    }

    private void answerState(final ReplicationPeer peer, final String refusal)
    {
        if (refusal != null)
        {
            refuse(peer, refusal);
            return;
        }
        final int length = ReplicationMessages.state(peer.link.sendBuffer(), peer.link.messageOffset(),
            node.state(standbys.standbyAcked(), standbys.lagNanos()));
        peer.link.queueMessage(length, System.currentTimeMillis());
        peer.closing = true;
    }

    /** Ships records while the standby's send buffer has room, then a DECIDED mark when one is due. */
    private int ship(final ReplicationPeer peer, final long nowMillis)
    {
        int shipped = 0;
        shipping = peer;
        shippingMillis = nowMillis;
        while (peer.link.room() >= Link.MAX_PACKET_LENGTH + SoupBinTcp.HEADER_SIZE + 64)
        {
            final int read = peer.reader.poll(recordHandler,
                Math.min(RECORDS_PER_POLL, peer.link.room() / (Link.MAX_PACKET_LENGTH + 64)));
            if (read == 0)
            {
                break;
            }
            shipped += read;
        }
        shipping = null;
        // Decided through what was shipped, not through the primary's whole decision: a standby catching up on a
        // long journal hands records to its engine as they come instead of holding all of them until the last.
        final long decided = Math.min(node.decidedSequence(), peer.shipped);
        if (decided > peer.sentDecided &&
            peer.link.room() >= ReplicationMessages.SEQUENCE_MESSAGE_LENGTH + SoupBinTcp.HEADER_SIZE)
        {
            final int length = ReplicationMessages.sequenceMessage(peer.link.sendBuffer(), peer.link.messageOffset(),
                ReplicationMessages.DECIDED, decided);
            peer.link.queueMessage(length, nowMillis);
            peer.sentDecided = decided;
            shipped++;
        }
        return shipped;
    }

    private void shipRecord(
        final long sequence, final long timestamp, final long origin, final ByteBuffer buffer, final int offset,
        final int length)
    {
        shipping.link.queueRecord(sequence, timestamp, origin, buffer, offset, length, shippingMillis);
        standbys.shipped(sequence, timestamp);
        shipping.shipped = sequence;
    }

    private void flush(final ReplicationPeer peer)
    {
        try
        {
            final boolean flushed = peer.link.flush();
            if (peer.closing && (flushed || peer.link.pending() == 0))
            {
                end(peer, null);
                return;
            }
            final SelectionKey key = peer.link.channel().keyFor(selector);
            if (key != null && key.isValid())
            {
                key.interestOps(flushed ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }
        catch (final IOException ex)
        {
            end(peer, "a write failed: " + ex.getMessage());
        }
    }

    private void checkTimers(final long nowMillis)
    {
        final long heartbeat = settings.heartbeat().toMillis();
        for (int i = peers.size() - 1; i >= 0; i--)
        {
            final ReplicationPeer peer = peers.get(i);
            if (peer.link.silentFor(nowMillis, settings.peerTimeout().toMillis()))
            {
                end(peer, "silent for " + settings.peerTimeout().toMillis() + " ms");
            }
            else if (peer.loggedIn && peer.link.heartbeatDue(nowMillis, heartbeat))
            {
                peer.link.queueEmpty(SoupBinTcp.SERVER_HEARTBEAT, nowMillis);
            }
        }
    }

    private void refuse(final ReplicationPeer peer, final String reason)
    {
        LOG.log(System.Logger.Level.WARNING, "replication peer " + peer.remote() + " refused: " + reason);
        if (peer.link.room() > 2100)
        {
            final int length = ReplicationMessages.refused(peer.link.sendBuffer(), peer.link.messageOffset(), reason);
            peer.link.queueMessage(length, System.currentTimeMillis());
        }
        peer.closing = true;
    }

    private void end(final ReplicationPeer peer, final String reason)
    {
        if (reason != null)
        {
            LOG.log(System.Logger.Level.WARNING, "replication peer " + peer.remote() + " gone: " + reason);
        }
        peer.close();
        peers.remove(peer);
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
            // Closing at the end or after a failure: nothing left to do with it.
        }
    }
}
