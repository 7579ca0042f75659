package dev.exengine.server;

import dev.exengine.metrics.CountersFileReader;
import dev.exengine.server.monitoring.ClusterStatus;
import dev.exengine.server.monitoring.HealthReport;
import dev.exengine.server.monitoring.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What an operator sees of a running cluster (three members in this process, each with its admin endpoint and counters
 * file): each member's id, role, leader, term, commit position and elections in {@code /health/ready},
 * {@code /metrics} and the counters file; and all of it changing when the leader is closed: a new leader, a later
 * term, one more election, the commit position moving on.
 */
class ClusterHealthTest
{
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    @Test
    void shouldShowEachMembersPlaceInTheClusterAndItsChangeWhenTheLeaderCloses() throws Exception
    {
        try (ClusterFixture cluster = new ClusterFixture(dir, "health", 3, 21330, Map.of()))
        {
            cluster.startAll();
            final int leader = cluster.awaitLeader();
            final long term = awaitAgreement(cluster, leader, -1);
            for (int i = 0; i < 3; i++)
            {
                final ClusterNode node = cluster.node(i);
                final String role = i == leader ? ClusterStatus.LEADER : ClusterStatus.FOLLOWER;
                final AdminHttp.Answer ready = AdminHttp.get(node.adminAddress(), "/health/ready");
                assertEquals(200, ready.status(), ready.body());
                assertTrue(ready.body().contains("\"role\":\"" + role + "\""), ready.body());
                assertTrue(ready.body().contains("\"cluster\":{\"memberId\":" + i + ",\"role\":\"" + role +
                    "\",\"leaderMemberId\":" + leader + ",\"leadershipTermId\":" + term), ready.body());
                // The metrics are sampled once a second.
                final String metrics = AdminHttp.getUntil(node.adminAddress(), "/metrics", answer ->
                    metric(answer.body(), "exengine_cluster_leadership_term_id") == term &&
                    metric(answer.body(), "exengine_ready") == 1).body();
                assertEquals(i, metric(metrics, "exengine_cluster_member_id"), metrics);
                assertEquals(1, metric(metrics, "exengine_cluster_role{role=\"" + role + "\"}"), metrics);
                assertEquals(0, metric(metrics, "exengine_cluster_role{role=\"CANDIDATE\"}"), metrics);
                assertEquals(leader, metric(metrics, "exengine_cluster_leader_member_id"), metrics);
                assertEquals(term, metric(metrics, "exengine_cluster_leadership_term_id"), metrics);
                assertTrue(metric(metrics, "exengine_cluster_commit_position") > 0, metrics);
                assertTrue(metric(metrics, "exengine_cluster_elections_total") >= 1, metrics);
                assertEquals(0, metric(metrics, "exengine_not_ready{reason=\"NO_LEADER\"}"), metrics);
                // The counters file says the same to bin/engine stat, from another process.
                assertEquals(leader, counter(node.countersFile(), "exengine_cluster_leader_member_id"));
                assertEquals(term, counter(node.countersFile(), "exengine_cluster_leadership_term_id"));
            }
            final long[] electionsBefore = new long[3];
            for (int i = 0; i < 3; i++)
            {
                electionsBefore[i] = cluster.node(i).health().check().cluster().elections();
            }
            final int survivor = (leader + 1) % 3;
            final long commitBefore = cluster.node(survivor).health().check().cluster().commitPosition();

            cluster.stop(leader);
            final int newLeader = cluster.awaitLeader();
            final long newTerm = awaitAgreement(cluster, newLeader, term);
            assertTrue(newLeader != leader, "a surviving member leads");
            for (int i = 0; i < 3; i++)
            {
                if (i == leader)
                {
                    continue;
                }
                final ClusterNode node = cluster.node(i);
                final String role = i == newLeader ? ClusterStatus.LEADER : ClusterStatus.FOLLOWER;
                final AdminHttp.Answer ready = AdminHttp.getUntil(node.adminAddress(), "/health/ready",
                    answer -> answer.status() == 200 && answer.body().contains("\"leaderMemberId\":" + newLeader));
                assertTrue(ready.body().contains("\"role\":\"" + role + "\""), ready.body());
                final String metrics = AdminHttp.getUntil(node.adminAddress(), "/metrics", answer ->
                    metric(answer.body(), "exengine_cluster_leader_member_id") == newLeader).body();
                assertEquals(1, metric(metrics, "exengine_cluster_role{role=\"" + role + "\"}"), metrics);
                assertEquals(newTerm, metric(metrics, "exengine_cluster_leadership_term_id"), metrics);
                assertTrue(metric(metrics, "exengine_cluster_elections_total") > electionsBefore[i], metrics);
                assertEquals(0, metric(metrics, "exengine_cluster_in_election"), metrics);
            }
            // A new term is a new entry in the log: the commit position moved on.
            assertTrue(cluster.node(survivor).health().check().cluster().commitPosition() > commitBefore);
        }
    }

    /** A member left without a majority has no leader: alive, not ready, and it says why. */
    @Test
    void shouldNotBeReadyWithoutALeader() throws Exception
    {
        try (ClusterFixture cluster = new ClusterFixture(dir, "alone", 3, 21360, Map.of()))
        {
            cluster.startAll();
            final int leader = cluster.awaitLeader();
            final int follower = (leader + 1) % 3;
            final int other = (leader + 2) % 3;
            // Two of three gone: the one left is in a cluster without a majority, so without a leader.
            cluster.stop(leader);
            cluster.stop(other);
            final ClusterNode alone = cluster.node(follower);
            final AdminHttp.Answer notReady = AdminHttp.getUntil(alone.adminAddress(), "/health/ready",
                answer -> answer.status() == 503);
            assertTrue(notReady.body().contains("\"problem\":\"NO_LEADER\""), notReady.body());
            assertTrue(notReady.body().contains("\"leaderMemberId\":-1"), notReady.body());
            assertEquals(200, AdminHttp.get(alone.adminAddress(), "/health/live").status(), "alive all the same");
            final HealthReport report = alone.health().check();
            assertTrue(report.has(Problem.NO_LEADER), report.toString());
            assertFalse(report.cluster().hasLeader(), report.toString());
            AdminHttp.getUntil(alone.adminAddress(), "/metrics", answer ->
                metric(answer.body(), "exengine_not_ready{reason=\"NO_LEADER\"}") == 1 &&
                metric(answer.body(), "exengine_cluster_leader_member_id") == -1);
        }
    }

    /** Waits until every running member reports the same leader in a term after {@code after}; returns the term. */
    private static long awaitAgreement(final ClusterFixture cluster, final int leader, final long after)
    {
        final long[] term = {-1};
        awaitTrue("every member agrees that member " + leader + " leads", () ->
        {
            term[0] = -1;
            for (int i = 0; i < 3; i++)
            {
                final ClusterNode node = cluster.node(i);
                if (node == null)
                {
                    continue;
                }
                final ClusterStatus status = node.health().check().cluster();
                if (!status.hasLeader() || status.leaderMemberId() != leader || status.leadershipTermId() <= after ||
                    term[0] >= 0 && status.leadershipTermId() != term[0])
                {
                    return false;
                }
                term[0] = status.leadershipTermId();
            }
            return true;
        });
        return term[0];
    }

    /** A series' value in Prometheus text. */
    private static long metric(final String text, final String series)
    {
        final Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (-?[0-9.eE+]+)$").matcher(text);
        if (!matcher.find())
        {
            fail("no series " + series + " in:\n" + text);
        }
        return (long)Double.parseDouble(matcher.group(1));
    }

    /** A counter's value in a member's counters file, as {@code bin/engine stat} reads it. */
    private static long counter(final Path file, final String label)
    {
        return CountersFileReader.open(file).counters().stream().filter(counter -> counter.label().equals(label))
            .findFirst().orElseThrow(() -> new AssertionError("no counter " + label + " in " + file)).value();
    }

    private static void awaitTrue(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("not within 60 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
