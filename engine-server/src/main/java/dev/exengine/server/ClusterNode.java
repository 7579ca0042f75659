package dev.exengine.server;

import dev.exengine.cluster.ClusterSettings;
import dev.exengine.cluster.EngineMember;
import dev.exengine.cluster.MemberDirectory;
import dev.exengine.cluster.MemberStatus;
import dev.exengine.gateway.Gateway;
import dev.exengine.server.monitoring.ClusterStatus;
import dev.exengine.server.monitoring.Monitoring;
import dev.exengine.server.monitoring.NodeHealth;
import dev.exengine.storage.DataDirectory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A member of an Aeron Cluster with its gateway, wired in one place: what {@code bin/engine cluster --member N} runs.
 * The gateway is the single node's, unchanged: it submits to the cluster's ingress (the member's
 * {@link dev.exengine.cluster.ClusterIngress}, a {@link dev.exengine.core.port.CommandSink}) and stores every user's
 * stream from the events of the member's own service, which applies the whole log, so every member's gateway holds
 * the same streams under the same session id and sequence numbers.
 *
 * <pre>
 *  start: member's directory checked -> monitoring (admin endpoint, counters file; health answers STARTING) ->
 *         member's journal opened -> gateway (not yet listening) catches up from the journal
 *         and listens -> Aeron and the service start, the log is replayed, the ingress connects and proposes this
 *         member's SETUP -> once the cluster's SETUP is applied here, the gateway takes on the cluster's session id and
 *         accepts connections
 *  stop:  gateway stops accepting and ends its sessions (clients move to another member) -> the ingress drains (what it sent is applied here), the member stops -> the
 *         gateway stores the last events, marks them routed, closes -> monitoring writes the last state, closes
 * </pre>
 */
public final class ClusterNode implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());
    /** How long a stop waits for the gateway's clients to be gone (a refused login ends its connection at once). */
    private static final long FENCE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);

    private final EngineMember member;
    private final Gateway gateway;
    private final Monitoring monitoring;
    private boolean closed;
    private long finalStateHash;

    private ClusterNode(final EngineMember member, final Gateway gateway, final Monitoring monitoring)
    {
        this.member = member;
        this.gateway = gateway;
        this.monitoring = monitoring;
    }

    /**
     * Starts the member named by {@code cluster.member-id}, with its gateway on its {@code cluster.listen} address,
     * its admin endpoint on its {@code cluster.admin-listen} address, its data in {@code DATA/member-ID}.
     *
     * @throws dev.exengine.cluster.MemberRefusedException when its data directory is not this member's, or damaged.
     * @throws IllegalStateException                       when the cluster does not set it up in time (no majority).
     */
    public static ClusterNode start(final ServerSettings settings)
    {
        final ClusterSettings cluster = ClusterSettings.load(settings.configuration());
        // The directory is checked before anything is written in it, the counters file included.
        final MemberDirectory directory = MemberDirectory.open(MemberDirectory.of(settings.dataDirectory(),
            cluster.memberId()), cluster.name(), cluster.memberId());
        final Monitoring monitoring = Monitoring.start(directory.path(), directory.journalDirectory(),
            settings.monitoring().adminListen(cluster.adminAddress()));
        final ClusterNode node;
        try
        {
            node = open(settings, cluster, monitoring);
        }
        catch (final RuntimeException | Error ex)
        {
            monitoring.close();
            throw ex;
        }
        try
        {
            monitoring.phase(NodeHealth.Phase.CATCHING_UP);
            node.gateway.start(node.member.ingress(), new JournalHistory(directory.journalDirectory(),
                directory.snapshotDirectory()), node.member.journalEnd());
            monitoring.phase(NodeHealth.Phase.JOINING);
            node.member.launch(node.gateway.sessionId(), settings.marketCommands());
            monitoring.cluster(node::clusterStatus);
            final String sessionId = node.member.awaitSetUp(cluster.startupCanvassTimeoutNs() +
                cluster.messageTimeoutNs() + TimeUnit.SECONDS.toNanos(60));
            monitoring.phase(NodeHealth.Phase.OPENING);
            node.gateway.adoptSession(sessionId);
            node.gateway.startAccepting();
            monitoring.phase(NodeHealth.Phase.RUNNING);
            LOG.log(System.Logger.Level.INFO, "cluster member " + cluster.memberId() + " of '" + cluster.name() +
                "' serves clients on " + node.gateway.localAddress() + ", session " + sessionId + ", data in " +
                directory.path().toAbsolutePath() + (monitoring.adminAddress() == null ? ", no admin endpoint" :
                ", admin endpoint on " + monitoring.adminAddress()));
            return node;
        }
        catch (final RuntimeException | Error ex)
        {
            node.shutdown();
            throw ex;
        }
    }

    /** The gateway (counted in the member's counters) and the member, opened: nothing runs yet. */
    private static ClusterNode open(final ServerSettings settings, final ClusterSettings cluster,
        final Monitoring monitoring)
    {
        // The gateway comes first: its output is where the member's service hands the events.
        // Every member derives every user's stream from the log: the gateway's own answers stay out of it, and query
        // answers too, as on a replicated pair.
        final Gateway gateway = new Gateway(settings.gatewayConfig()
            .metrics(monitoring.counters())
            .unjournaledAnswersInStream(false)
            .listenAddress(cluster.gatewayAddress())
            .dataDirectory(MemberDirectory.of(settings.dataDirectory(), cluster.memberId())
                .resolve(DataDirectory.GATEWAY)));
        monitoring.gateway(gateway);
        try
        {
            return new ClusterNode(EngineMember.open(cluster, settings.dataDirectory(), gateway.engineOutput()),
                gateway, monitoring);
        }
        catch (final RuntimeException | Error ex)
        {
            gateway.close();
            throw ex;
        }
    }

    /**
     * Where the member stands in its cluster now, for its health and metrics; from any thread. Read from the member's
     * counters file as {@code bin/engine cluster status} reads it, mapped for the read: the consensus module's own
     * mapping goes when the member closes, and a read through it then would crash the process.
     */
    ClusterStatus clusterStatus()
    {
        final int id = member.settings().memberId();
        final String problem = problem();
        final MemberStatus status;
        try
        {
            status = MemberStatus.read(member.settings().aeronDirectory());
        }
        catch (final Exception ex)
        {
            // No consensus module runs (the member starts or has stopped), or its counters file went as it was read
            // (Agrona rethrows the I/O error unchecked): the status says so, and health reports it as NO_LEADER.
            return new ClusterStatus(id, ClusterStatus.NONE, ClusterStatus.NONE, -1, -1, 0, 0, problem);
        }
        final int leader = !ClusterStatus.ELECTION_CLOSED.equals(status.electionState()) ? -1 :
            ClusterStatus.LEADER.equals(status.role()) ? id : member.service().leaderMemberId();
        return new ClusterStatus(id, status.role(), status.electionState(), leader, status.leadershipTermId(),
            status.commitPosition(), status.elections(), problem);
    }

    public EngineMember member()
    {
        return member;
    }

    public Gateway gateway()
    {
        return gateway;
    }

    public InetSocketAddress address()
    {
        return gateway.localAddress();
    }

    public String sessionId()
    {
        return gateway.sessionId();
    }

    /**
     * @return why this node can no longer serve (its service halted, the cluster told it to terminate, its gateway's
     * thread ended), or null while it serves.
     */
    public String problem()
    {
        final Throwable failure = member.service().failure();
        if (failure != null)
        {
            return "the engine service halted: " + failure.getMessage();
        }
        if (member.member() != null && member.member().isTerminated())
        {
            return "the cluster told this member to terminate";
        }
        return null;
    }

    /**
     * Stops in order: the gateway stops accepting, the ingress drains, the member stops (its last events reach the
     * gateway), then the gateway closes. Later calls return the same hash.
     *
     * @return the member's final state hash.
     */
    public synchronized long shutdown()
    {
        if (!closed)
        {
            closed = true;
            monitoring.phase(NodeHealth.Phase.STOPPING);
            gateway.stopAccepting();
            // The clients move on to another member before the ingress closes: a command this gateway took after that
            // would be refused here (ENGINE_HALTED) instead of taken there.
            gateway.fence("the member stops");
            final long deadline = System.nanoTime() + FENCE_TIMEOUT_NS;
            while (gateway.connectionCount() > 0 && System.nanoTime() - deadline < 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            try
            {
                member.close();
                finalStateHash = member.service().stateHash();
                gateway.engineClosed();
            }
            finally
            {
                try
                {
                    gateway.close();
                }
                finally
                {
                    monitoring.close();
                }
            }
        }
        return finalStateHash;
    }

    /** The admin endpoint's address, or null when there is none. */
    public InetSocketAddress adminAddress()
    {
        return monitoring.adminAddress();
    }

    /** The member's health checks (also what its admin endpoint answers). */
    public NodeHealth health()
    {
        return monitoring.health();
    }

    /** The member's counters file. */
    public Path countersFile()
    {
        return monitoring.countersFile();
    }

    @Override
    public void close()
    {
        shutdown();
    }
}
