package dev.exengine.server.monitoring;

import java.util.List;

/**
 * A node's health at one moment: whether it is alive and ready, and what an operator looks at first.
 *
 * @param phase           where the node is in its life ({@link NodeHealth.Phase}).
 * @param replication     where it stands in replication, or null when it does not replicate.
 * @param cluster         where it stands in its cluster, or null when it is not a cluster member.
 * @param journalSequence the journal sequence through which the journal is durable (0 while recovering).
 * @param connections     client connections open.
 * @param loggedIn        client sessions logged in.
 * @param findings        what keeps it from being ready (and, for some, alive); empty when ready.
 */
public record HealthReport(
    String phase, ReplicationStatus replication, ClusterStatus cluster, long journalSequence, long connections,
    long loggedIn, List<Finding> findings)
{
    /** One problem, with what it is in this node's words. */
    public record Finding(Problem problem, String message)
    {
    }

    public HealthReport
    {
        findings = List.copyOf(findings);
    }

    /** A node that is not a cluster member. */
    public HealthReport(final String phase, final ReplicationStatus replication, final long journalSequence,
        final long connections, final long loggedIn, final List<Finding> findings)
    {
        this(phase, replication, null, journalSequence, connections, loggedIn, findings);
    }

    /** Alive: no problem that a restart is for. */
    public boolean live()
    {
        return findings.stream().noneMatch(finding -> finding.problem().endsLiveness());
    }

    /** Ready: no problem at all. */
    public boolean ready()
    {
        return findings.isEmpty();
    }

    /** @return whether this problem is among the findings. */
    public boolean has(final Problem problem)
    {
        return findings.stream().anyMatch(finding -> finding.problem() == problem);
    }

    /**
     * PRIMARY, STANDBY or FENCED; a node that does not replicate is a primary. A cluster member's: LEADER, FOLLOWER or
     * CANDIDATE.
     */
    public String role()
    {
        if (cluster != null)
        {
            return cluster.role();
        }
        return replication == null ? ReplicationStatus.PRIMARY : replication.role();
    }
}
