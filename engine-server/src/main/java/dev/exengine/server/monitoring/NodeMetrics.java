package dev.exengine.server.monitoring;

import dev.exengine.metrics.Metric;
import dev.exengine.metrics.MetricCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * What the node as a whole shows in its counters, written once a second by its sampler ({@link MetricsSampler}, their
 * one writer): whether it is alive and ready and why not, the engine's failures, the age of the newest snapshot, and,
 * when it replicates, its role, epoch and lag; a cluster member, its id, role, leader, term, commit position and
 * elections. A reader of the counters file ({@code bin/engine health --data}) learns the node's health from these.
 */
final class NodeMetrics
{
    static final Metric LIVE = Metric.gauge("exengine_live", "1 while the node is alive (/health/live answers 200)");
    static final Metric READY = Metric.gauge("exengine_ready", "1 while the node is ready (/health/ready answers 200)");
    static final Metric NOT_READY = Metric.gauge("exengine_not_ready",
        "1 for each reason the node is not ready now, 0 for the others", "reason");
    static final Metric ENGINE_FAILURES = Metric.counter("exengine_engine_failures",
        "Failures the engine reported: commands that threw, outputs that threw, halts");
    static final Metric SNAPSHOT_AGE = Metric.duration("exengine_snapshot_age_seconds",
        "Time since the newest snapshot was written (0 while there is none)");
    static final Metric ROLE = Metric.gauge("exengine_replication_role",
        "1 for the node's replication role now, 0 for the others", "role");
    static final Metric EPOCH = Metric.gauge("exengine_replication_epoch", "The node's replication epoch");
    static final Metric FOLLOWING = Metric.gauge("exengine_replication_following",
        "1 while a standby is logged in to its primary and following it");
    static final Metric LAG_RECORDS = Metric.gauge("exengine_replication_lag_records",
        "A standby: the records its primary has and it lacks; a primary: the records no standby has acknowledged");
    static final Metric LAG = Metric.duration("exengine_replication_lag_seconds",
        "A standby: how long it has lacked a record its primary has; a primary: how long ago the oldest record no " +
        "standby has acknowledged was shipped");

    static final Metric CLUSTER_MEMBER = Metric.gauge("exengine_cluster_member_id", "A cluster member: its id");
    static final Metric CLUSTER_ROLE = Metric.gauge("exengine_cluster_role",
        "A cluster member: 1 for its role now, 0 for the others", "role");
    static final Metric CLUSTER_LEADER = Metric.gauge("exengine_cluster_leader_member_id",
        "A cluster member: the member that leads, -1 while an election is under way or none is known");
    static final Metric CLUSTER_TERM = Metric.gauge("exengine_cluster_leadership_term_id",
        "A cluster member: the leadership term it is in");
    static final Metric CLUSTER_COMMIT = Metric.gauge("exengine_cluster_commit_position",
        "A cluster member: the log position a majority of the members holds");
    static final Metric CLUSTER_ELECTIONS = Metric.counter("exengine_cluster_elections",
        "A cluster member: elections it has been through since it started");
    static final Metric CLUSTER_IN_ELECTION = Metric.gauge("exengine_cluster_in_election",
        "A cluster member: 1 while an election is under way");

    private static final String[] CLUSTER_ROLES = {ClusterStatus.LEADER, ClusterStatus.FOLLOWER,
        ClusterStatus.CANDIDATE};
    private static final String[] ROLES = {ReplicationStatus.PRIMARY, ReplicationStatus.STANDBY,
        ReplicationStatus.FENCED};

    private final MetricCounters counters;
    private final AtomicCounter live;
    private final AtomicCounter ready;
    private final AtomicCounter[] notReady;
    private final AtomicCounter engineFailures;
    private final AtomicCounter snapshotAge;
    private AtomicCounter[] roles;
    private AtomicCounter epoch;
    private AtomicCounter following;
    private AtomicCounter lagRecords;
    private AtomicCounter lag;

    private AtomicCounter[] clusterRoles;
    private AtomicCounter clusterMember;
    private AtomicCounter clusterLeader;
    private AtomicCounter clusterTerm;
    private AtomicCounter clusterCommit;
    private AtomicCounter clusterElections;
    private AtomicCounter clusterInElection;

    NodeMetrics(final MetricCounters counters)
    {
        this.counters = counters;
        this.live = counters.counter(LIVE);
        this.ready = counters.counter(READY);
        this.notReady = counters.byEnum(NOT_READY, Problem.class);
        this.engineFailures = counters.counter(ENGINE_FAILURES);
        this.snapshotAge = counters.counter(SNAPSHOT_AGE);
        live.setOpaque(1);
        notReady[Problem.STARTING.ordinal()].setOpaque(1);
    }

    /** The node replicates: its replication series are allocated. Before the sampler writes them. */
    synchronized void replicating()
    {
        if (roles != null)
        {
            return;
        }
        final AtomicCounter[] byRole = byLabel(ROLE, ROLES);
        epoch = counters.counter(EPOCH);
        following = counters.counter(FOLLOWING);
        lagRecords = counters.counter(LAG_RECORDS);
        lag = counters.counter(LAG);
        roles = byRole;
    }

    /** The node is a cluster member: its cluster series are allocated. Before the sampler writes them. */
    synchronized void clustering()
    {
        if (clusterRoles != null)
        {
            return;
        }
        final AtomicCounter[] byRole = byLabel(CLUSTER_ROLE, CLUSTER_ROLES);
        clusterMember = counters.counter(CLUSTER_MEMBER);
        clusterLeader = counters.counter(CLUSTER_LEADER);
        clusterLeader.setOpaque(-1);
        clusterTerm = counters.counter(CLUSTER_TERM);
        clusterTerm.setOpaque(-1);
        clusterCommit = counters.counter(CLUSTER_COMMIT);
        clusterElections = counters.counter(CLUSTER_ELECTIONS);
        clusterInElection = counters.counter(CLUSTER_IN_ELECTION);
        clusterRoles = byRole;
    }

    /**
     * Writes what the sampler found.
     *
     * @param snapshotMillis when the newest snapshot was written, 0 for none.
     */
    synchronized void update(
        final HealthReport report, final long failures, final long snapshotMillis, final long nowMillis)
    {
        live.setOpaque(report.live() ? 1 : 0);
        ready.setOpaque(report.ready() ? 1 : 0);
        for (final Problem problem : Problem.values())
        {
            notReady[problem.ordinal()].setOpaque(report.has(problem) ? 1 : 0);
        }
        engineFailures.setOpaque(failures);
        snapshotAge.setOpaque(snapshotMillis == 0 ? 0 : Math.max(0, nowMillis - snapshotMillis) * 1_000_000L);
        final ReplicationStatus status = report.replication();
        if (roles != null && status != null)
        {
            markOne(roles, ROLES, status.role());
            epoch.setOpaque(status.epoch());
            following.setOpaque(status.following() ? 1 : 0);
            lagRecords.setOpaque(status.lagRecords());
            lag.setOpaque(status.lagNanos());
        }
        final ClusterStatus cluster = report.cluster();
        if (clusterRoles != null && cluster != null)
        {
            markOne(clusterRoles, CLUSTER_ROLES, cluster.role());
            clusterMember.setOpaque(cluster.memberId());
            clusterLeader.setOpaque(cluster.hasLeader() ? cluster.leaderMemberId() : -1);
            clusterTerm.setOpaque(cluster.leadershipTermId());
            clusterCommit.setOpaque(cluster.commitPosition());
            clusterElections.setOpaque(cluster.elections());
            clusterInElection.setOpaque(ClusterStatus.ELECTION_CLOSED.equals(cluster.electionState()) ? 0 : 1);
        }
    }

    /** One series of {@code metric} per label, in the labels' order. */
    private AtomicCounter[] byLabel(final Metric metric, final String[] labels)
    {
        final AtomicCounter[] series = new AtomicCounter[labels.length];
        for (int i = 0; i < labels.length; i++)
        {
            series[i] = counters.counter(metric, labels[i]);
        }
        return series;
    }

    /** 1 in the series whose label is {@code current}, 0 in the others. */
    private static void markOne(final AtomicCounter[] series, final String[] labels, final String current)
    {
        for (int i = 0; i < labels.length; i++)
        {
            series[i].setOpaque(labels[i].equals(current) ? 1 : 0);
        }
    }
}
