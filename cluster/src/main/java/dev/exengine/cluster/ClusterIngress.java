package dev.exengine.cluster;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.core.port.CommandClaim;
import dev.exengine.core.port.CommandSink;
import dev.exengine.core.port.SubmitResult;
import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.AdminRequestType;
import io.aeron.cluster.codecs.AdminResponseCode;
import io.aeron.cluster.codecs.EventCode;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The port's {@link CommandSink} over the cluster: what a member's gateway submits goes into the cluster's log as a
 * cluster client's ingress. Producers (the gateway's thread, the node) put commands into a ring; the ingress's own
 * thread numbers them with this client's sequence ({@link IngressMessage}), keeps them until the member's service has
 * applied them ({@link LocalAcks}), and offers them to the leader in order. When a new leader is announced, or nothing
 * advances for {@code cluster.resend-after-ms}, it sends again from the first command not applied (go-back-N,
 * {@link IngressWindow}); the service drops what the log already holds. A client id, the cluster session id of its
 * first connection, stays the same across reconnections, so that a resend under a new session is still recognised.
 *
 * <p>Its first message is always the member's SETUP (the session id and starting market it proposes, sequence 1); it
 * takes commands once the service has applied that. Producers never block: a full ring or window is
 * {@link SubmitResult#BUSY}. Allocates nothing per command after warm-up.
 */
public final class ClusterIngress implements CommandSink, CommandClaim.Slots, Agent, EgressListener, AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(ClusterIngress.class.getName());
    private static final int RING_BYTES = 1 << 20;
    private static final int RING_COMMAND = 1;
    private static final int RECORD_ORIGIN_OFFSET = 0;
    private static final int RECORD_LENGTH_OFFSET = RECORD_ORIGIN_OFFSET + Long.BYTES;
    private static final int RECORD_PAYLOAD_OFFSET = RECORD_LENGTH_OFFSET + Integer.BYTES;
    private static final int RECORD_LENGTH = RECORD_PAYLOAD_OFFSET + CommandCodec.MAX_ENCODED_LENGTH;
    private static final long SETUP_SEQUENCE = 1;
    private static final int SENDS_PER_CYCLE = 256;
    private static final long RECONNECT_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ClusterSettings settings;
    private final LocalAcks acks;
    private final BooleanSupplier halted;
    private final IntSupplier duty;
    private final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(
        new UnsafeBuffer(ByteBuffer.allocateDirect(RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
    private final IngressWindow window;
    private final String aeronDirectory;
    private final ThreadLocal<Command> claimed = ThreadLocal.withInitial(Command::new);
    private final AtomicLong snapshotRequests = new AtomicLong();
    private final MessageHandler numberer = this::number;
    private UnsafeBuffer setup;
    private int setupLength;
    private Aeron aeron;
    private AgentRunner runner;
    private AeronCluster.AsyncConnect connecting;
    private AeronCluster client;
    private long clientId;
    private long nextConnectNs;
    private long lastProgressNs;
    private long lastSentNs;
    private boolean sendSetup = true;
    private boolean rewind;
    private long snapshotsSent;
    private long nowNs;
    private volatile boolean ready;
    private volatile boolean closing;
    private volatile boolean drained;
    private volatile int leaderMemberId = -1;
    private volatile long failovers;
    private volatile long resends;

    /**
     * @param aeronDirectory the member's media driver.
     * @param halted         whether the member's service halted.
     * @param duty           the member's own work, done on this thread every cycle (periodic snapshots).
     */
    public ClusterIngress(final ClusterSettings settings, final String aeronDirectory, final LocalAcks acks,
        final BooleanSupplier halted, final IntSupplier duty)
    {
        this.duty = duty;
        this.settings = settings;
        this.aeronDirectory = aeronDirectory;
        this.acks = acks;
        this.halted = halted;
        this.window = new IngressWindow(SETUP_SEQUENCE + 1, Integer.highestOneBit(settings.ingressWindow()),
            IngressMessage.HEADER_LENGTH + CommandCodec.MAX_ENCODED_LENGTH);
    }

    /**
     * Starts the ingress's thread, on the member's running media driver: it connects to the cluster and proposes the
     * member's SETUP.
     *
     * @param sessionId the SoupBinTCP session id this member proposes.
     * @param market    the starting market this member proposes.
     * @throws IllegalArgumentException when the market does not fit in one message of the log.
     */
    public synchronized void start(final String sessionId, final List<Command> market)
    {
        if (runner != null || closing)
        {
            throw new IllegalStateException(closing ? "closed" : "already started");
        }
        final int longest = Math.min(settings.logTermLength(), settings.ingressTermLength()) / 8 - 64;
        setup = new UnsafeBuffer(new byte[IngressMessage.MARKET_OFFSET +
            market.size() * (Short.BYTES + CommandCodec.MAX_ENCODED_LENGTH)]);
        setupLength = encodeSetup(setup, sessionId, market);
        if (setupLength > longest)
        {
            throw new IllegalArgumentException("the starting market (" + market.size() + " commands, " + setupLength +
                " bytes) does not fit in one message of the cluster's log: raise cluster.log-term-length and " +
                "cluster.ingress-term-length (a message is at most an eighth of them)");
        }
        aeron = Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(aeronDirectory)
            .threadFactory(runnable -> new Thread(runnable, "exengine-cluster-ingress-client-" + settings.memberId())));
        runner = new AgentRunner(ClusterMember.idleStrategy(settings).get(), this::onError, null, this);
        AgentRunner.startOnThread(runner, runnable ->
        {
            final Thread thread = new Thread(runnable, "exengine-cluster-ingress-" + settings.memberId());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Whether the member's SETUP is applied and commands are taken. */
    public boolean isReady()
    {
        return ready;
    }

    /** The leader as this client last heard of it; -1 before it connected. */
    public int leaderMemberId()
    {
        return leaderMemberId;
    }

    /** New leaders this client has followed. */
    public long failovers()
    {
        return failovers;
    }

    /** Times it sent again from the first command not applied. */
    public long resends()
    {
        return resends;
    }

    @Override
    public SubmitResult tryClaim(final long origin, final CommandClaim claim)
    {
        final SubmitResult refused = refusal();
        if (refused != null)
        {
            return refused;
        }
        final int index = ring.tryClaim(RING_COMMAND, RECORD_LENGTH);
        if (index <= 0)
        {
            return SubmitResult.BUSY;
        }
        ring.buffer().putLong(index + RECORD_ORIGIN_OFFSET, origin, IngressMessage.BYTE_ORDER);
        claim.wrap(this, index, claimed.get());
        return SubmitResult.ACCEPTED;
    }

    /** Encodes the claimed command (the calling thread's) into its ring record and hands it to the ingress. */
    @Override
    public void commit(final long slot)
    {
        final int index = (int)slot;
        final MutableDirectBuffer buffer = ring.buffer();
        final int length = CommandCodec.encode(claimed.get(), buffer, index + RECORD_PAYLOAD_OFFSET);
        buffer.putInt(index + RECORD_LENGTH_OFFSET, length, IngressMessage.BYTE_ORDER);
        ring.commit(index);
    }

    @Override
    public void abort(final long slot)
    {
        ring.abort((int)slot);
    }

    @Override
    public SubmitResult submit(final long origin, final Command command)
    {
        if (!CommandClaim.isEncodable(command))
        {
            throw new IllegalArgumentException("incomplete command: " + command);
        }
        final SubmitResult refused = refusal();
        if (refused != null)
        {
            return refused;
        }
        final int index = ring.tryClaim(RING_COMMAND, RECORD_LENGTH);
        if (index <= 0)
        {
            return SubmitResult.BUSY;
        }
        final MutableDirectBuffer buffer = ring.buffer();
        buffer.putLong(index + RECORD_ORIGIN_OFFSET, origin, IngressMessage.BYTE_ORDER);
        buffer.putInt(index + RECORD_LENGTH_OFFSET, CommandCodec.encode(command, buffer,
            index + RECORD_PAYLOAD_OFFSET), IngressMessage.BYTE_ORDER);
        ring.commit(index);
        return SubmitResult.ACCEPTED;
    }

    /** Asks the cluster for a snapshot (every member takes one at the same log position); sent by the ingress thread. */
    @Override
    public SubmitResult requestSnapshot()
    {
        final SubmitResult refused = refusal();
        if (refused != null)
        {
            return refused;
        }
        snapshotRequests.incrementAndGet();
        return SubmitResult.ACCEPTED;
    }

    @Override
    public boolean isHalted()
    {
        return halted.getAsBoolean();
    }

    /**
     * Stops taking commands, waits (at most {@code cluster.message-timeout-ms}) until the member's service has applied
     * what was taken, then closes the session cleanly (the cluster forgets this client) and the thread.
     */
    @Override
    public void close()
    {
        final AgentRunner running;
        synchronized (this)
        {
            closing = true;
            running = runner;
        }
        if (running != null)
        {
            final long deadline = System.nanoTime() + settings.messageTimeoutNs();
            while (!drained && !running.isClosed() && System.nanoTime() < deadline)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            if (!drained)
            {
                LOG.log(System.Logger.Level.WARNING, "member " + settings.memberId() + ": the ingress closes with " +
                    "commands the cluster has not applied here");
            }
            running.close();
        }
        else
        {
            onClose();
        }
    }

    @Override
    public String roleName()
    {
        return "exengine-cluster-ingress";
    }

    @Override
    public int doWork()
    {
        nowNs = System.nanoTime();
        int work = 0;
        if (client == null)
        {
            work += connect();
        }
        if (client != null)
        {
            work += client.pollEgress();
            if (client.isClosed())
            {
                onClientClosed();
            }
        }
        work += takeApplied();
        work += duty.getAsInt();
        if (client != null)
        {
            if (rewind)
            {
                rewind("a new leader or session");
            }
            else if ((!ready || window.hasUnapplied()) && nowNs - lastProgressNs > settings.resendAfterNs())
            {
                rewind("no progress for " + TimeUnit.NANOSECONDS.toMillis(settings.resendAfterNs()) + " ms");
            }
            work += sendSetup();
            work += drainRing();
            work += send();
            work += housekeeping();
        }
        if (closing && !window.hasUnapplied() && ring.size() == 0)
        {
            drained = true;
        }
        return work;
    }

    @Override
    public void onClose()
    {
        CloseHelper.quietClose(connecting);
        CloseHelper.quietClose(client);
        CloseHelper.quietClose(aeron);
    }

    @Override
    public void onMessage(final long clusterSessionId, final long timestamp, final DirectBuffer buffer,
        final int offset, final int length, final Header header)
    {
        // The service answers through the member's own outputs, never by egress.
    }

    @Override
    public void onSessionEvent(final long correlationId, final long clusterSessionId, final long leadershipTermId,
        final int leaderMemberId, final EventCode code, final String detail)
    {
        if (code == EventCode.ERROR || code == EventCode.AUTHENTICATION_REJECTED)
        {
            LOG.log(System.Logger.Level.WARNING, "member " + settings.memberId() + ": the cluster answered the " +
                "ingress with " + code + ": " + detail);
        }
    }

    @Override
    public void onNewLeader(final long clusterSessionId, final long leadershipTermId, final int leaderMemberId,
        final String ingressEndpoints)
    {
        this.leaderMemberId = leaderMemberId;
        failovers++;
        rewind = true;
        LOG.log(System.Logger.Level.INFO, "member " + settings.memberId() + ": member " + leaderMemberId +
            " leads term " + leadershipTermId + "; resending what is not applied");
    }

    @Override
    public void onAdminResponse(final long clusterSessionId, final long correlationId,
        final AdminRequestType requestType, final AdminResponseCode responseCode, final String message,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        LOG.log(responseCode == AdminResponseCode.OK ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
            "member " + settings.memberId() + ": " + requestType + " request " + responseCode +
                (message.isEmpty() ? "" : ": " + message));
    }

    private SubmitResult refusal()
    {
        if (closing)
        {
            return SubmitResult.CLOSED;
        }
        if (halted.getAsBoolean())
        {
            return SubmitResult.HALTED;
        }
        return ready ? null : SubmitResult.BUSY;
    }

    private int connect()
    {
        if (nowNs < nextConnectNs)
        {
            return 0;
        }
        try
        {
            if (connecting == null)
            {
                connecting = AeronCluster.asyncConnect(new AeronCluster.Context()
                    .aeron(aeron)
                    .ownsAeronClient(false)
                    .ingressChannel("aeron:udp?term-length=" + settings.ingressTermLength())
                    .ingressEndpoints(settings.ingressEndpoints())
                    .egressChannel("aeron:udp?endpoint=" + settings.host() + ":0|term-length=" +
                        settings.egressTermLength())
                    .egressListener(this)
                    .messageTimeoutNs(settings.messageTimeoutNs())
                    .newLeaderTimeoutNs(settings.newLeaderTimeoutNs()));
            }
            final AeronCluster connected = connecting.poll();
            if (connected == null)
            {
                return 0;
            }
            connecting = null;
            client = connected;
            if (clientId == 0)
            {
                clientId = connected.clusterSessionId();
                acks.watch(clientId);
            }
            leaderMemberId = connected.leaderMemberId();
            rewind = true;
            lastSentNs = nowNs;
            LOG.log(System.Logger.Level.INFO, "member " + settings.memberId() + ": the ingress connected to the " +
                "cluster (session " + connected.clusterSessionId() + ", client id " + clientId + ", leader " +
                connected.leaderMemberId() + ")");
            return 1;
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(connecting);
            connecting = null;
            nextConnectNs = nowNs + RECONNECT_DELAY_NS;
            LOG.log(System.Logger.Level.DEBUG, "member " + settings.memberId() + ": no cluster to connect to yet: " +
                ex.getMessage());
            return 0;
        }
    }

    /** The session ended (no new leader within the timeout): connect again, and resend what is not applied. */
    private void onClientClosed()
    {
        LOG.log(System.Logger.Level.WARNING, "member " + settings.memberId() + ": the ingress lost its session " +
            client.clusterSessionId() + "; connecting again");
        CloseHelper.quietClose(client);
        client = null;
    }

    private int takeApplied()
    {
        final long applied = acks.appliedThrough();
        if (!ready && applied >= SETUP_SEQUENCE)
        {
            ready = true;
            lastProgressNs = nowNs;
        }
        // Before the SETUP is applied, nothing but it is outstanding: no news is no progress.
        if (window.applied(applied) || ready && !window.hasUnapplied())
        {
            lastProgressNs = nowNs;
            return 1;
        }
        return 0;
    }

    private void rewind(final String why)
    {
        if (window.hasUnapplied() || !ready)
        {
            resends++;
            LOG.log(System.Logger.Level.INFO, "member " + settings.memberId() + ": the ingress resends from sequence " +
                (ready ? window.nextSequence() - window.unapplied() : SETUP_SEQUENCE) + " through " +
                (window.nextSequence() - 1) + " (sent through " + (window.nextToSend() - 1) + ") after " + why +
                "; leader " + leaderMemberId);
        }
        rewind = false;
        lastProgressNs = nowNs;
        sendSetup = !ready;
        window.rewind();
    }

    private int sendSetup()
    {
        if (!sendSetup)
        {
            return 0;
        }
        setup.putLong(IngressMessage.CLIENT_ID_OFFSET, clientId, IngressMessage.BYTE_ORDER);
        if (offer(setup, 0, setupLength))
        {
            sendSetup = false;
            return 1;
        }
        return 0;
    }

    /** Numbers the commands the producers put in the ring, as far as the window has room. */
    private int drainRing()
    {
        if (!ready)
        {
            return 0;
        }
        int taken = 0;
        while (!window.isFull() && ring.read(numberer, 1) == 1)
        {
            taken++;
        }
        return taken;
    }

    private void number(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long sequence = window.nextSequence();
        final MutableDirectBuffer slots = window.buffer();
        final int offset = window.offset(sequence);
        final int payloadLength = buffer.getInt(index + RECORD_LENGTH_OFFSET, IngressMessage.BYTE_ORDER);
        slots.putByte(offset + IngressMessage.TYPE_OFFSET, IngressMessage.COMMAND);
        slots.putByte(offset + IngressMessage.VERSION_OFFSET, IngressMessage.VERSION);
        slots.putLong(offset + IngressMessage.CLIENT_ID_OFFSET, clientId, IngressMessage.BYTE_ORDER);
        slots.putLong(offset + IngressMessage.CLIENT_SEQUENCE_OFFSET, sequence, IngressMessage.BYTE_ORDER);
        slots.putLong(offset + IngressMessage.ORIGIN_OFFSET,
            buffer.getLong(index + RECORD_ORIGIN_OFFSET, IngressMessage.BYTE_ORDER), IngressMessage.BYTE_ORDER);
        slots.putBytes(offset + IngressMessage.HEADER_LENGTH, buffer, index + RECORD_PAYLOAD_OFFSET, payloadLength);
        window.add(IngressMessage.HEADER_LENGTH + payloadLength);
    }

    private int send()
    {
        int sent = 0;
        while (sent < SENDS_PER_CYCLE && !sendSetup && window.hasUnsent())
        {
            final long sequence = window.nextToSend();
            if (!offer(window.buffer(), window.offset(sequence), window.length(sequence)))
            {
                break;
            }
            window.sent();
            sent++;
        }
        return sent;
    }

    private boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        final long result = client.offer(buffer, offset, length);
        if (result > 0)
        {
            lastSentNs = nowNs;
            return true;
        }
        if (result == Publication.MAX_POSITION_EXCEEDED)
        {
            LOG.log(System.Logger.Level.WARNING, "member " + settings.memberId() + ": the ingress publication is " +
                "full; the client closes and connects again");
        }
        return false;
    }

    /** Keep-alives while there is nothing to send, and the snapshots an admin asked for. */
    private int housekeeping()
    {
        int work = 0;
        if (nowNs - lastSentNs > settings.sessionTimeoutNs() / 4)
        {
            if (client.sendKeepAlive())
            {
                lastSentNs = nowNs;
                work++;
            }
        }
        final long requested = snapshotRequests.get();
        if (requested > snapshotsSent && client.sendAdminRequestToTakeASnapshot(requested))
        {
            snapshotsSent = requested;
            work++;
        }
        return work;
    }

    private void onError(final Throwable error)
    {
        LOG.log(System.Logger.Level.ERROR, "member " + settings.memberId() + ": the cluster ingress failed", error);
    }

    /**
     * Writes the SETUP message with client id 0 (the ingress sets its own before sending).
     *
     * @return its length.
     */
    static int encodeSetup(final MutableDirectBuffer buffer, final String sessionId, final List<Command> market)
    {
        if (sessionId.length() != IngressMessage.SESSION_ID_LENGTH)
        {
            throw new IllegalArgumentException("not a 10-character session id: '" + sessionId + "'");
        }
        buffer.putByte(IngressMessage.TYPE_OFFSET, IngressMessage.SETUP);
        buffer.putByte(IngressMessage.VERSION_OFFSET, IngressMessage.VERSION);
        buffer.putLong(IngressMessage.CLIENT_ID_OFFSET, 0, IngressMessage.BYTE_ORDER);
        buffer.putLong(IngressMessage.CLIENT_SEQUENCE_OFFSET, SETUP_SEQUENCE, IngressMessage.BYTE_ORDER);
        buffer.putLong(IngressMessage.ORIGIN_OFFSET, 0, IngressMessage.BYTE_ORDER);
        buffer.putStringWithoutLengthAscii(IngressMessage.HEADER_LENGTH, sessionId);
        buffer.putShort(IngressMessage.MARKET_COUNT_OFFSET, (short)market.size(), IngressMessage.BYTE_ORDER);
        int position = IngressMessage.MARKET_OFFSET;
        for (final Command command : market)
        {
            final int length = CommandCodec.encode(command, buffer, position + Short.BYTES);
            buffer.putShort(position, (short)length, IngressMessage.BYTE_ORDER);
            position += Short.BYTES + length;
        }
        return position;
    }
}
