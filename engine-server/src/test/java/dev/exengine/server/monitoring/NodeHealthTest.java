package dev.exengine.server.monitoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The readiness of a standby against its lag bounds, of a cluster member by its place in the cluster, and of a node
 * through its life, without a node.
 */
class NodeHealthTest
{
    @TempDir
    Path journal;

    @Test
    void shouldCallAFollowingStandbyReadyOnlyWithinBothLagBounds()
    {
        final NodeHealth health = running(new MonitoringSettings(null, 100, Duration.ofSeconds(2), 0));
        assertTrue(withStandby(health, 100, TimeUnit.SECONDS.toNanos(2)).ready(), "at the bounds");

        final HealthReport tooMany = withStandby(health, 101, 0);
        assertFalse(tooMany.ready());
        assertTrue(tooMany.live());
        assertEquals(Problem.STANDBY_LAGGING, tooMany.findings().get(0).problem());
        assertEquals("101 record(s) and 0.000 s behind the primary; ready within 100 records " +
            "(health.standby-max-lag-records) and 2000 ms (health.standby-max-lag-ms)",
            tooMany.findings().get(0).message());
        assertTrue(withStandby(health, 0, TimeUnit.SECONDS.toNanos(3)).has(Problem.STANDBY_LAGGING), "too long");
    }

    @Test
    void shouldSayNotFollowingAndFencedInTheNodesOwnWords()
    {
        final NodeHealth health = running(new MonitoringSettings(null, 100, Duration.ofSeconds(2), 0));
        health.replication(now -> new ReplicationStatus(ReplicationStatus.STANDBY, 3, false, 0, 0,
            "not following 10.0.0.1:9300 (connection refused; reconnecting)"));
        final HealthReport notFollowing = health.check();
        assertEquals(Problem.NOT_FOLLOWING, notFollowing.findings().get(0).problem());
        assertEquals("not following 10.0.0.1:9300 (connection refused; reconnecting)",
            notFollowing.findings().get(0).message());

        health.replication(now -> new ReplicationStatus(ReplicationStatus.FENCED, 3, false, 0, 0,
            "fenced: epoch 4 is newer"));
        final HealthReport fenced = health.check();
        assertEquals(Problem.FENCED, fenced.findings().get(0).problem());
        assertEquals("STANDBY", withStandby(health, 0, 0).role());
        assertEquals("FENCED", fenced.role());
    }

    @Test
    void shouldCallAClusterMemberReadyWithALeaderAliveWithoutAndNeitherOnceItsServiceHalted()
    {
        final NodeHealth health = running(new MonitoringSettings(null, 100, Duration.ofSeconds(2), 0));
        health.cluster(() -> new ClusterStatus(1, ClusterStatus.FOLLOWER, "CLOSED", 0, 3, 4096, 2, null));
        final HealthReport following = health.check();
        assertTrue(following.ready(), following.toString());
        assertEquals("FOLLOWER", following.role());

        health.cluster(() -> new ClusterStatus(1, ClusterStatus.CANDIDATE, "CANDIDATE_BALLOT", -1, 3, 4096, 3, null));
        final HealthReport electing = health.check();
        assertFalse(electing.ready());
        assertTrue(electing.live());
        assertEquals(Problem.NO_LEADER, electing.findings().get(0).problem());
        assertEquals("member 1 is in an election (CANDIDATE_BALLOT), as CANDIDATE in term 3: a majority of the " +
            "members must run", electing.findings().get(0).message());

        health.cluster(() -> new ClusterStatus(1, ClusterStatus.NONE, ClusterStatus.NONE, -1, -1, 0, 0, null));
        assertEquals("member 1 does not run its consensus module (starting, or stopped)",
            health.check().findings().get(0).message());

        health.cluster(() -> new ClusterStatus(1, ClusterStatus.LEADER, "CLOSED", 1, 3, 4096, 2,
            "the engine service halted: a command threw"));
        final HealthReport halted = health.check();
        assertFalse(halted.live());
        assertEquals(Problem.HALTED, halted.findings().get(0).problem());
        assertEquals("member 1: the engine service halted: a command threw: see the log, then restart the member",
            halted.findings().get(0).message());
    }

    @Test
    void shouldBeAliveButNotReadyWhileStartingAndStoppingAndNeitherOnceStopped()
    {
        final NodeHealth health = new NodeHealth(new MonitoringSettings(null, 100, Duration.ofSeconds(2), 0), journal);
        for (final NodeHealth.Phase phase : new NodeHealth.Phase[] {NodeHealth.Phase.RECOVERING,
            NodeHealth.Phase.CATCHING_UP, NodeHealth.Phase.JOINING, NodeHealth.Phase.OPENING})
        {
            health.phase(phase);
            final HealthReport report = health.check();
            assertTrue(report.live() && !report.ready() && report.has(Problem.STARTING), phase.name());
        }
        health.phase(NodeHealth.Phase.RUNNING);
        assertTrue(health.check().ready());
        health.phase(NodeHealth.Phase.STOPPING);
        assertTrue(health.check().live() && health.check().has(Problem.STOPPING));
        health.phase(NodeHealth.Phase.STOPPED);
        assertFalse(health.check().live());
    }

    private NodeHealth running(final MonitoringSettings settings)
    {
        final NodeHealth health = new NodeHealth(settings, journal);
        health.phase(NodeHealth.Phase.RUNNING);
        return health;
    }

    private static HealthReport withStandby(final NodeHealth health, final long lagRecords, final long lagNanos)
    {
        health.replication(now -> new ReplicationStatus(ReplicationStatus.STANDBY, 2, true, lagRecords, lagNanos,
            "following"));
        return health.check();
    }
}
