package dev.exengine.server;

import dev.exengine.cluster.ClusterSettings;
import dev.exengine.cluster.EngineMember;
import dev.exengine.cluster.MemberDirectory;
import dev.exengine.gateway.Gateway;
import dev.exengine.storage.DataDirectory;

import java.net.InetSocketAddress;
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
 *  start: member's directory and journal checked and opened -> gateway (not yet listening) catches up from the journal
 *         and listens -> Aeron and the service start, the log is replayed, the ingress connects and proposes this
 *         member's SETUP -> once the cluster's SETUP is applied here, the gateway takes on the cluster's session id and
 *         accepts connections
 *  stop:  gateway stops accepting and ends its sessions (clients move to another member) -> the ingress drains (what it sent is applied here), the member stops -> the
 *         gateway stores the last events, marks them routed, closes
 * </pre>
 */
public final class ClusterNode implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());
    /** How long a stop waits for the gateway's clients to be gone (a refused login ends its connection at once). */
    private static final long FENCE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);

    private final EngineMember member;
    private final Gateway gateway;
    private boolean closed;
    private long finalStateHash;

    private ClusterNode(final EngineMember member, final Gateway gateway)
    {
        this.member = member;
        this.gateway = gateway;
    }

    /**
     * Starts the member named by {@code cluster.member-id}, with its gateway on its {@code cluster.listen} address,
     * its data in {@code DATA/member-ID}.
     *
     * @throws dev.exengine.cluster.MemberRefusedException when its data directory is not this member's, or damaged.
     * @throws IllegalStateException                       when the cluster does not set it up in time (no majority).
     */
    public static ClusterNode start(final ServerSettings settings)
    {
        final ClusterSettings cluster = ClusterSettings.load(settings.configuration());
        // The gateway comes first: its output is where the member's service hands the events.
        final Gateway gateway = new Gateway(settings.gatewayConfig()
            .listenAddress(cluster.gatewayAddress())
            .dataDirectory(MemberDirectory.of(settings.dataDirectory(), cluster.memberId())
                .resolve(DataDirectory.GATEWAY)));
        final EngineMember member;
        try
        {
            member = EngineMember.open(cluster, settings.dataDirectory(), gateway.engineOutput());
        }
        catch (final RuntimeException | Error ex)
        {
            gateway.close();
            throw ex;
        }
        final ClusterNode node = new ClusterNode(member, gateway);
        try
        {
            gateway.start(member.ingress(), new JournalHistory(member.directory().journalDirectory(),
                member.directory().snapshotDirectory()), member.journalEnd());
            member.launch(gateway.sessionId(), settings.marketCommands());
            final String sessionId = member.awaitSetUp(cluster.startupCanvassTimeoutNs() + cluster.messageTimeoutNs() +
                TimeUnit.SECONDS.toNanos(60));
            gateway.adoptSession(sessionId);
            gateway.startAccepting();
            LOG.log(System.Logger.Level.INFO, "cluster member " + cluster.memberId() + " of '" + cluster.name() +
                "' serves clients on " + gateway.localAddress() + ", session " + sessionId + ", data in " +
                member.directory().path().toAbsolutePath());
            return node;
        }
        catch (final RuntimeException | Error ex)
        {
            node.shutdown();
            throw ex;
        }
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
            gateway.stopAccepting();
            // The clients move on to another member before the ingress closes: a command this gateway took after that
            // would be answered here alone (refused), a message in this member's copy of the user's stream and no
            // other member's, and the client's sequence numbers would no longer match theirs.
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
                gateway.close();
            }
        }
        return finalStateHash;
    }

    @Override
    public void close()
    {
        shutdown();
    }
}
