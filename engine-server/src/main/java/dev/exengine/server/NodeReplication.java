package dev.exengine.server;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.gateway.Gateway;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.logging.AuditEvent;
import dev.exengine.logging.AuditLog;
import dev.exengine.pipeline.Engine;
import dev.exengine.pipeline.PrimaryDecision;
import dev.exengine.pipeline.config.ProgressListener;
import dev.exengine.pipeline.config.ReplicationGate;
import dev.exengine.replay.EpochHistory;
import dev.exengine.replication.AdminRequest;
import dev.exengine.replication.ReplicationClient;
import dev.exengine.replication.ReplicationMessages;
import dev.exengine.replication.ReplicationServer;
import dev.exengine.replication.ReplicationSettings;
import dev.exengine.server.monitoring.ReplicationStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

/**
 * A node's part in replication, wired to its engine and gateway: the replication port ({@link ReplicationServer},
 * which ships the journal while this node is primary and answers operators), the link to the primary while it is a
 * standby ({@link ReplicationClient}), its role and epochs, a primary's watch over its peers' epochs, and the
 * promotion. The engine learns of it only as a {@link ProgressListener} and a release gate; the gateway, through the
 * logins it serves and the session it takes on.
 *
 * <pre>
 *  standby --promote--> primary (a new epoch, journaled) --a newer epoch elsewhere--> fenced (takes no clients)
 * </pre>
 */
final class NodeReplication implements ProgressListener, ReplicationGate, AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(NodeReplication.class.getName());
    private static final long PROMOTION_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Every change of role in the audit log: the start's, a promotion, a fence. */
    private final AuditEvent roleChange = new AuditLog().event("role.change", Level.WARNING);

    /** Where a node is in replication. */
    enum Role
    {
        PRIMARY, STANDBY, FENCED
    }

    private final ReplicationSettings settings;
    private final Path journalDirectory;
    private final StandbyLag standbyLag = new StandbyLag();
    private volatile Role role;
    private volatile EpochHistory epochs;
    private volatile String fencedBecause;
    private volatile ReplicationServer server;
    private volatile ReplicationClient client;
    private Thread epochWatch;
    private volatile boolean closed;
    private volatile Engine engine;
    private Gateway gateway;
    /** Wakes the engine's thread waiting to release replies; set once before the engine starts. */
    private volatile Runnable releaseWaker = () -> { };

    NodeReplication(final ReplicationSettings settings, final ServerSettings.Role startingRole, final Path journal)
    {
        this.settings = settings;
        this.journalDirectory = journal;
        this.role = startingRole == ServerSettings.Role.STANDBY ? Role.STANDBY : Role.PRIMARY;
    }

    Role role()
    {
        return role;
    }

    EpochHistory epochs()
    {
        return epochs;
    }

    /**
     * What a primary in replicated durability may release through: what a standby acknowledged. A standby releases
     * to its own gateway at once (it has no standby to wait for) until it is promoted.
     */
    @Override
    public long releasableThrough()
    {
        return role == Role.PRIMARY && server != null ? server.releasableThrough() : Long.MAX_VALUE;
    }

    @Override
    public void onAdvance(final Runnable wake)
    {
        releaseWaker = wake;
    }

    /** @return what the standby acknowledged as durable, or -1 when this node serves no replication port. */
    long standbyAcknowledged()
    {
        final ReplicationServer serving = server;
        return serving == null ? -1 : serving.standbyAcked();
    }

    /**
     * Before a primary serves anyone: asks its peers for their epochs, and refuses when one is newer (this node was
     * superseded while it was down; it rejoins as a standby of the current primary). A peer that does not answer is
     * not counted: the operator started this node as primary.
     */
    private void checkPeersBeforeServing()
    {
        if (role != Role.PRIMARY)
        {
            return;
        }
        final String newer = newerPeer();
        if (newer != null)
        {
            throw new IllegalStateException("this node was primary of epoch " + epochs.current() + ", but " + newer +
                ": it must not take clients as a primary of an older epoch. Start it as a standby of the current " +
                "primary (bin/engine server --standby-of HOST:PORT)");
        }
    }

    /** Starts the replication port and, on a standby, the link to the primary. */
    void start(final Engine engine, final Gateway gateway)
    {
        this.engine = engine;
        this.gateway = gateway;
        // Read once the engine has recovered (and repaired) the journal.
        this.epochs = EpochHistory.read(journalDirectory);
        logRoleChange("(stopped)", role, "started as " + role.name().toLowerCase(Locale.ROOT) +
            (role == Role.STANDBY ? " of " + settings.primary() : ""));
        gateway.servingLogins(role == Role.PRIMARY);
        checkPeersBeforeServing();
        if (role == Role.STANDBY)
        {
            // Before the port serves: an operator's STATUS may arrive at once, and a standby's answer reads the link.
            client = new ReplicationClient(settings, new Replica());
        }
        if (settings.listen() != null)
        {
            server = new ReplicationServer(settings, journalDirectory, new ServedNode());
            server.start();
        }
        if (client != null)
        {
            client.start();
        }
        if (!settings.peers().isEmpty())
        {
            epochWatch = new Thread(this::watchEpochs, "exengine-epoch-watch");
            epochWatch.setDaemon(true);
            epochWatch.start();
        }
    }

    /** Where replication stands now, for health checks and metrics; safe from any thread. */
    synchronized ReplicationStatus status(final long nowNanos)
    {
        final Role now = role;
        final EpochHistory history = epochs;
        final long epoch = history == null ? 0 : history.current();
        final Engine running = engine;
        if (running == null)
        {
            return new ReplicationStatus(now.name(), epoch, false, 0, 0, "starting");
        }
        final long have = running.durableJournalSequence();
        final ReplicationClient following = client;
        if (now == Role.STANDBY && following != null)
        {
            final long primaryEnd = following.primaryEnd();
            final String detail = following.isFollowing() ? "following " + settings.primary() :
                "not following " + settings.primary() + (following.refusal() != null ? ": " + following.refusal() :
                following.lastLinkFailure() != null ? " (" + following.lastLinkFailure() + "; reconnecting)" :
                " (connecting)");
            return new ReplicationStatus(now.name(), epoch, following.isFollowing(), Math.max(0, primaryEnd - have),
                standbyLag.lagNanos(primaryEnd, have, nowNanos), detail);
        }
        final ReplicationServer serving = server;
        if (now == Role.PRIMARY && serving != null)
        {
            return new ReplicationStatus(now.name(), epoch, false, Math.max(0, have - serving.standbyAcked()),
                serving.lagNanos(), "primary");
        }
        return new ReplicationStatus(now.name(), epoch, false, 0, 0,
            now == Role.FENCED ? "fenced: " + fencedBecause : "primary");
    }

    /** @return the replication port's address, or null when it has none. */
    InetSocketAddress replicationAddress()
    {
        return server == null ? null : server.localAddress();
    }

    @Override
    public void onDurable(final long journalSequence)
    {
        final ReplicationClient following = client;
        if (following != null)
        {
            following.wakeUp();
        }
    }

    @Override
    public void onDecided(final long journalSequence)
    {
        final ReplicationServer serving = server;
        if (serving != null)
        {
            serving.wakeUp();
        }
    }

    /**
     * Becomes primary: stops following, hands the engine what the old primary had not decided, journals a
     * START_EPOCH record of a new epoch, and serves clients once the engine has applied it.
     *
     * @return null when promoted, otherwise why not.
     */
    synchronized String promote()
    {
        if (role == Role.PRIMARY)
        {
            return "this node is the primary already (epoch " + epochs.current() + ")";
        }
        if (role == Role.FENCED)
        {
            return "this node is fenced (" + fencedBecause + "): it does not become primary again";
        }
        final long start = System.nanoTime();
        client.stop();
        final int undecided = client.handUndecided();
        final long handed = client.handedThrough();
        if (!awaitDecided(handed))
        {
            return "the engine did not apply the records it held within " +
                TimeUnit.NANOSECONDS.toSeconds(PROMOTION_TIMEOUT_NANOS) + " s (halted?); not promoted";
        }
        final long epoch = epochs.current() + 1;
        final long epochStart = handed + 1;
        submit(new Command().type(CommandType.START_EPOCH).epoch(epoch));
        if (!awaitDecided(epochStart))
        {
            return "the engine did not journal the START_EPOCH record within " +
                TimeUnit.NANOSECONDS.toSeconds(PROMOTION_TIMEOUT_NANOS) + " s (halted?); not promoted";
        }
        epochs = epochs.then(epoch, epochStart);
        role = Role.PRIMARY;
        logRoleChange(Role.STANDBY.name(), Role.PRIMARY, "promoted: primary of epoch " + epoch + " from journal " +
            "sequence " + epochStart);
        gateway.servingLogins(true);
        LOG.log(System.Logger.Level.WARNING, "PROMOTED: this node is primary of epoch " + epoch + " from journal " +
            "sequence " + epochStart + " (" + undecided + " record(s) the old primary had not decided were decided " +
            "here) in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        return null;
    }

    /** A node of a newer epoch exists: this one takes no clients any more, loudly. */
    void fence(final String reason)
    {
        if (role == Role.FENCED)
        {
            return;
        }
        fencedBecause = reason;
        final Role before = role;
        role = Role.FENCED;
        gateway.fence(reason);
        logRoleChange(before.name(), Role.FENCED, "fenced: " + reason);
        LOG.log(System.Logger.Level.ERROR, "FENCED: " + reason + ". This node no longer takes clients or commands; " +
            "rejoin it as a standby of the current primary");
    }

    private void logRoleChange(final String from, final Role to, final String reason)
    {
        if (roleChange.admit(System.nanoTime() / 1_000_000))
        {
            roleChange.log("role " + to.name().toLowerCase(Locale.ROOT), "from", from, "to", to.name(),
                "epoch", epochs.current(), "reason", reason);
        }
    }

    /** Before the engine closes: no more records from the primary, no more checks of the peers. */
    void stopFollowing()
    {
        closed = true;
        if (epochWatch != null)
        {
            epochWatch.interrupt();
            joinQuietly(epochWatch);
        }
        if (client != null)
        {
            client.stop();
        }
    }

    /** After the engine closed (a primary's last batches may have waited for the standby's acknowledgements). */
    @Override
    public void close()
    {
        stopFollowing();
        if (server != null)
        {
            server.close();
        }
    }

    private void watchEpochs()
    {
        while (!closed)
        {
            try
            {
                Thread.sleep(settings.heartbeat().toMillis());
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (role == Role.PRIMARY)
            {
                final String newer = newerPeer();
                if (newer != null)
                {
                    fence(newer);
                }
            }
        }
    }

    /** @return a description of the first peer of a newer epoch, or null when none is. */
    private String newerPeer()
    {
        for (final InetSocketAddress peer : settings.peers())
        {
            try
            {
                final ReplicationMessages.State state = AdminRequest.status(peer, settings.user(), settings.password(),
                    settings.heartbeat());
                if (state.epoch() > epochs.current())
                {
                    return "the node at " + peer + " is " + state.roleName() + " of epoch " + state.epoch() +
                        ", newer than this node's " + epochs.current();
                }
            }
            catch (final IOException | AdminRequest.RefusedException ex)
            {
                LOG.log(System.Logger.Level.DEBUG, () -> "peer " + peer + " did not tell its epoch: " + ex.getMessage());
            }
        }
        return null;
    }

    private boolean awaitDecided(final long sequence)
    {
        final long deadline = System.nanoTime() + PROMOTION_TIMEOUT_NANOS;
        while (engine.decidedSequence() < sequence)
        {
            if (engine.isHalted() || System.nanoTime() > deadline)
            {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    private void submit(final Command command)
    {
        SubmitResult result;
        while ((result = engine.submit(0, command)) == SubmitResult.BUSY)
        {
            Thread.onSpinWait();
        }
        if (result != SubmitResult.ACCEPTED)
        {
            throw new IllegalStateException("the engine refused " + command + ": " + result);
        }
    }

    private static void joinQuietly(final Thread thread)
    {
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** The node as its replication port serves it. */
    private final class ServedNode implements ReplicationServer.Node
    {
        @Override
        public boolean isPrimary()
        {
            return role == Role.PRIMARY;
        }

        @Override
        public EpochHistory epochs()
        {
            return epochs;
        }

        @Override
        public long decidedSequence()
        {
            return engine.decidedSequence();
        }

        @Override
        public long journalEnd()
        {
            return engine.durableJournalSequence();
        }

        @Override
        public String sessionId()
        {
            return gateway.sessionId();
        }

        @Override
        public ReplicationMessages.State state(final long standbyAcked, final long lagNanos)
        {
            final Role now = role;
            final ReplicationClient following = client;
            final String detail = now == Role.FENCED ? fencedBecause :
                now == Role.STANDBY ? (following.isFollowing() ? "following " + settings.primary() + ", " +
                    (following.primaryEnd() - engine.durableJournalSequence()) + " record(s) behind" :
                    "not following " + settings.primary() +
                    (following.refusal() == null ? " (reconnecting)" : ": " + following.refusal())) : "";
            return new ReplicationMessages.State(
                now == Role.PRIMARY ? ReplicationMessages.ROLE_PRIMARY :
                now == Role.STANDBY ? ReplicationMessages.ROLE_STANDBY : ReplicationMessages.ROLE_FENCED,
                epochs.current(), engine.durableJournalSequence(), engine.decidedSequence(), standbyAcked, lagNanos,
                detail);
        }

        @Override
        public String promote()
        {
            return NodeReplication.this.promote();
        }

        @Override
        public void fence(final String reason)
        {
            NodeReplication.this.fence(reason);
        }

        @Override
        public boolean waitsForStandby()
        {
            return engine.config().durabilityMode() == DurabilityMode.REPLICATED;
        }

        @Override
        public void releaseAdvanced()
        {
            releaseWaker.run();
        }
    }

    /** The node's engine and gateway as the link to the primary feeds them. */
    private final class Replica implements ReplicationClient.Replica
    {
        private final Command epochStart = new Command();
        private final UnsafeBuffer epochStartView = new UnsafeBuffer(0, 0);

        @Override
        public EpochHistory epochs()
        {
            return epochs;
        }

        @Override
        public long durableSequence()
        {
            return engine.durableJournalSequence();
        }

        @Override
        public boolean offer(
            final long sequence, final long timestamp, final long origin, final DirectBuffer payload,
            final int offset, final int length, final ReplicationClient.Decision decision)
        {
            final PrimaryDecision decided = switch (decision)
            {
                case APPLIED -> PrimaryDecision.APPLIED;
                case LEFT_OUT -> PrimaryDecision.LEFT_OUT;
                case UNDECIDED -> PrimaryDecision.UNDECIDED;
            };
            final SubmitResult result = engine.offerReplicated(sequence, timestamp, origin, payload, offset, length,
                decided);
            if (result == SubmitResult.HALTED || result == SubmitResult.CLOSED)
            {
                throw new IllegalStateException("the engine takes no records: " + result);
            }
            if (result == SubmitResult.ACCEPTED && length > 0 &&
                payload.getByte(offset) == CommandType.START_EPOCH.code())
            {
                // The primary was promoted after the records before this one: this journal is in its epoch from here
                // on, so that a promotion of this node starts the next one and a reconnection names the right one.
                epochStartView.wrap(payload, offset, length);
                if (CommandCodec.decode(epochStartView, 0, length, epochStart) == CommandCodec.MALFORMED)
                {
                    throw new IllegalStateException("START_EPOCH record " + sequence + " does not decode");
                }
                epochs = epochs.then(epochStart.epoch(), sequence);
                LOG.log(System.Logger.Level.INFO, "following the primary into epoch " + epochStart.epoch() +
                    " from journal sequence " + sequence);
            }
            return result == SubmitResult.ACCEPTED;
        }

        @Override
        public void adoptSession(final String sessionId)
        {
            gateway.adoptSession(sessionId);
        }
    }
}
