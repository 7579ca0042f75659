package dev.exengine.cluster;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventListener;
import dev.exengine.core.port.CommandClaim;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.storage.SequenceMark;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The engine as an Aeron Cluster {@link ClusteredService}: a thin adapter over the business-logic processor. Every
 * member runs it on the same log: it decodes each committed message ({@link IngressMessage}), drops what a client
 * resent ({@link ClientSequences}), journals each state-changing command ({@link MemberJournal}), applies it with the
 * cluster's timestamp (never a clock of its own) and hands the events to the member's outputs (its gateway), with the
 * command's origin, as the engine in one process does. Snapshots are the engine's own format inside the service's
 * ({@link ServiceSnapshot}), taken by every member at the same log position.
 *
 * <p>After a restart the cluster replays the log from the member's newest snapshot. What the member had already done
 * is not done twice: a command its journal holds is compared with it rather than appended, and its events do not leave
 * again (the gateway derived what it had not stored from the journal before the service started); a query at a log
 * position the member had answered (the {@code delivered-through} mark) is not answered again.
 *
 * <p>A command that throws inside the business logic halts the service (as it does on every member: the logic is
 * deterministic), as does a journal that disagrees with the log or cannot be written: it then takes nothing more and
 * lets nothing out, and the member's node stops. Every callback runs on the service container's thread. Allocates
 * nothing per command after warm-up.
 */
public final class EngineService implements ClusteredService, EventListener
{
    private static final System.Logger LOG = System.getLogger(EngineService.class.getName());

    private final int memberId;
    private final MemberJournal journal;
    private final EngineOutput output;
    private final LocalAcks acks;
    private final SequenceMark deliveredThrough;
    /** The log position through which this member's earlier runs handed out every event. */
    private final long deliveredAtStart;
    private final ServiceSnapshot snapshot = new ServiceSnapshot();
    private final Command command = new Command();
    private final UnsafeBuffer encoded = new UnsafeBuffer(new byte[CommandCodec.MAX_ENCODED_LENGTH]);
    private ServiceSnapshot.State state = new ServiceSnapshot.State();
    private Cluster cluster;
    private long origin;
    private boolean delivering;
    private boolean deliveredSinceBatchEnd;
    private long droppedDuplicates;
    private long droppedGaps;
    private long droppedGapsLogged;
    private long malformed;
    private volatile String sessionId;
    private volatile long appliedSequence;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;
    private volatile int leaderMemberId = -1;
    private volatile Throwable failure;

    /**
     * @param memberId         the member's id, for its log lines (Aeron's is not known yet while a snapshot loads).
     * @param deliveredThrough the log position mark of the member's data directory; owned by the caller.
     */
    EngineService(final int memberId, final MemberJournal journal, final EngineOutput output, final LocalAcks acks,
        final SequenceMark deliveredThrough)
    {
        this.memberId = memberId;
        this.journal = journal;
        this.output = output;
        this.acks = acks;
        this.deliveredThrough = deliveredThrough;
        this.deliveredAtStart = deliveredThrough.value();
        state.logic = new BusinessLogicProcessor();
    }

    /** The SoupBinTCP session id the cluster decided, or null before its SETUP is applied here. */
    public String sessionId()
    {
        return sessionId;
    }

    /** The journal sequence of the last command applied here. */
    public long appliedSequence()
    {
        return appliedSequence;
    }

    /** What halted the service, or null while it runs. */
    public Throwable failure()
    {
        return failure;
    }

    public Cluster.Role role()
    {
        return role;
    }

    /** The leader of the newest leadership term this member's log has reached; -1 before the first. */
    public int leaderMemberId()
    {
        return leaderMemberId;
    }

    /** The state's hash: only once the member has stopped, or from the service's own thread. */
    public long stateHash()
    {
        return state.logic.stateHash();
    }

    /** The business logic: only once the member has stopped. */
    public BusinessLogicProcessor logic()
    {
        return state.logic;
    }

    /** How many resent messages were dropped as duplicates, and after a gap. */
    public long droppedDuplicates()
    {
        return droppedDuplicates;
    }

    public long droppedGaps()
    {
        return droppedGaps;
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        if (snapshotImage != null)
        {
            state = ServiceSnapshot.read(snapshotImage, cluster.idleStrategy());
            sessionId = state.sessionId;
            LOG.log(System.Logger.Level.INFO, "member " + memberId + " restored the cluster snapshot " +
                "through journal sequence " + state.lastSequence);
        }
        journal.restoredThrough(state.lastSequence);
        appliedSequence = state.lastSequence;
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        state.clients.onSessionClose(session.id(), closeReason, timestamp);
    }

    @Override
    public void onSessionMessage(final ClientSession session, final long timestamp, final DirectBuffer buffer,
        final int offset, final int length, final Header header)
    {
        if (failure != null)
        {
            // Keeps consuming the log (a service that stops reading would hold up the others), changes nothing.
            return;
        }
        try
        {
            onMessage(session == null ? -1 : session.id(), timestamp, buffer, offset, length);
        }
        catch (final RuntimeException ex)
        {
            halt(ex);
        }
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        if (failure != null)
        {
            // A halted service's state does not match the log position the snapshot would stand for.
            throw new AgentTerminationException("the engine service halted and takes no snapshot: " + failure);
        }
        final int length = snapshot.encode(state);
        snapshot.offer(length, snapshotPublication, cluster.idleStrategy());
        journal.writeSnapshot(state.lastSequence, snapshot.engineStateHash(), snapshot.engineState(),
            snapshot.engineStateLength());
        LOG.log(System.Logger.Level.INFO, "member " + memberId + " took a snapshot at journal sequence " +
            state.lastSequence + String.format(", state hash %016x", snapshot.engineStateHash()));
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole)
    {
        role = newRole;
    }

    /** Seen by operators only (health, metrics): the replicated state does not change here. */
    @Override
    public void onNewLeadershipTermEvent(final long leadershipTermId, final long logPosition, final long timestamp,
        final long termBaseLogPosition, final int leaderMemberId, final int logSessionId, final TimeUnit timeUnit,
        final int appVersion)
    {
        this.leaderMemberId = leaderMemberId;
    }

    @Override
    public void onTerminate(final Cluster cluster)
    {
        endBatch();
    }

    @Override
    public int doBackgroundWork(final long nowNs)
    {
        return endBatch();
    }

    /** An event of the command being applied. */
    @Override
    public void onEvent(final Event event)
    {
        if (delivering)
        {
            output.onEvent(event, origin);
            deliveredSinceBatchEnd = true;
        }
    }

    private void onMessage(final long sessionId, final long timestamp, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (length < IngressMessage.HEADER_LENGTH ||
            buffer.getByte(offset + IngressMessage.VERSION_OFFSET) != IngressMessage.VERSION)
        {
            malformed++;
            return;
        }
        final byte type = buffer.getByte(offset + IngressMessage.TYPE_OFFSET);
        final long clientId = buffer.getLong(offset + IngressMessage.CLIENT_ID_OFFSET, IngressMessage.BYTE_ORDER);
        final long sequence = buffer.getLong(offset + IngressMessage.CLIENT_SEQUENCE_OFFSET,
            IngressMessage.BYTE_ORDER);
        final ClientSequences.Verdict verdict = state.clients.offer(clientId, sequence, sessionId);
        if (verdict == ClientSequences.Verdict.TAKE)
        {
            origin = buffer.getLong(offset + IngressMessage.ORIGIN_OFFSET, IngressMessage.BYTE_ORDER);
            state.lastTimestamp = Math.max(state.lastTimestamp, timestamp);
            if (type == IngressMessage.COMMAND)
            {
                applyEncoded(buffer, offset + IngressMessage.HEADER_LENGTH, length - IngressMessage.HEADER_LENGTH);
            }
            else if (type == IngressMessage.SETUP)
            {
                setUp(buffer, offset, length);
            }
            else
            {
                malformed++;
            }
            // Whatever the message caused has left, or (a command the journal held) the gateway derived it.
            deliveredThrough.advance(cluster.logPosition());
        }
        else if (verdict == ClientSequences.Verdict.DUPLICATE)
        {
            droppedDuplicates++;
        }
        else
        {
            // Logged the first time, then ever more seldom: after a failover a client's resend may drop thousands.
            if (droppedGaps++ == droppedGapsLogged)
            {
                LOG.log(System.Logger.Level.INFO, "member " + memberId + ": client " + clientId + " sent sequence " +
                    sequence + " after " + state.clients.lastSequence(clientId) + " at log position " +
                    cluster.logPosition() + ": dropped until it resends (" + droppedGaps + " so far)");
                droppedGapsLogged = droppedGaps * 2;
            }
        }
        acks.onClient(clientId, state.clients.lastSequence(clientId));
    }

    /** The first SETUP in the log decides the session id and sets up the starting market; later ones change nothing. */
    private void setUp(final DirectBuffer buffer, final int offset, final int length)
    {
        if (state.sessionId != null || length < IngressMessage.MARKET_OFFSET)
        {
            return;
        }
        final byte[] session = new byte[IngressMessage.SESSION_ID_LENGTH];
        buffer.getBytes(offset + IngressMessage.HEADER_LENGTH, session);
        final int count = buffer.getShort(offset + IngressMessage.MARKET_COUNT_OFFSET, IngressMessage.BYTE_ORDER);
        int at = offset + IngressMessage.MARKET_OFFSET;
        final int end = offset + length;
        for (int i = 0; i < count && at + Short.BYTES <= end; i++)
        {
            final int commandLength = buffer.getShort(at, IngressMessage.BYTE_ORDER);
            at += Short.BYTES;
            if (commandLength < 0 || at + commandLength > end)
            {
                break;
            }
            applyEncoded(buffer, at, commandLength);
            at += commandLength;
        }
        state.sessionId = new String(session, StandardCharsets.US_ASCII);
        sessionId = state.sessionId;
    }

    private void applyEncoded(final DirectBuffer buffer, final int offset, final int length)
    {
        delivering = false;
        if (CommandCodec.decode(buffer, offset, length, command) == CommandCodec.MALFORMED ||
            !CommandClaim.isEncodable(command) || command.type().isControl())
        {
            malformed++;
            return;
        }
        final boolean journaled = !command.type().isQuery();
        final long sequence = journaled ? state.lastSequence + 1 : state.lastSequence;
        if (journaled)
        {
            final int encodedLength = CommandCodec.encode(command, encoded, 0);
            delivering = journal.take(sequence, state.lastTimestamp, origin, encoded, 0, encodedLength);
        }
        else
        {
            delivering = cluster.logPosition() > deliveredAtStart;
        }
        state.logic.apply(command, sequence, state.lastTimestamp, this);
        if (journaled)
        {
            state.lastSequence = sequence;
            appliedSequence = sequence;
        }
    }

    private int endBatch()
    {
        if (!deliveredSinceBatchEnd)
        {
            return 0;
        }
        deliveredSinceBatchEnd = false;
        output.onBatchEnd();
        return 1;
    }

    private void halt(final Throwable cause)
    {
        failure = cause;
        delivering = false;
        LOG.log(System.Logger.Level.ERROR, "member " + memberId + ": the engine service halted at journal " +
            "sequence " + (state.lastSequence + 1) + " and takes nothing more: " + cause.getMessage(), cause);
    }
}
