package dev.exengine.server.monitoring;

import dev.exengine.gateway.Gateway;
import dev.exengine.pipeline.Engine;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Decides whether a node is alive and whether it is ready, from what its parts say now. The node tells it of each part
 * as it comes up and of each step of its life ({@link Phase}); any thread may ask ({@link #check()}), at any time from
 * the node's first step to its last.
 *
 * <p>Alive: the engine has not halted, the gateway's thread has not died, the node is not closed (a node that is
 * recovering or draining is alive: restarting it would not help). Ready: alive, started (recovered, the gateway's streams
 * caught up, the starting market in), taking connections, its journal writable with room on its file system, not
 * fenced; and a standby follows its primary within the configured lag. A cluster member is alive while its service
 * has not halted, and ready when, besides, it is in a cluster with a leader (no election under way).
 */
public final class NodeHealth
{
    /** Where a node is in its life. */
    public enum Phase
    {
        RECOVERING("recovering the journal"),
        CATCHING_UP("catching the gateway's streams up with the journal"),
        JOINING("starting replication"),
        OPENING("setting up the starting market and opening to clients"),
        RUNNING("running"),
        STOPPING("draining, taking the last snapshot and closing"),
        STOPPED("stopped");

        private final String doing;

        Phase(final String doing)
        {
            this.doing = doing;
        }

        boolean isStarting()
        {
            return ordinal() < RUNNING.ordinal();
        }

        /** Whether the gateway's thread runs in this phase, if all is well. */
        boolean gatewayRuns()
        {
            return ordinal() > CATCHING_UP.ordinal() && ordinal() <= RUNNING.ordinal();
        }
    }

    private final MonitoringSettings settings;
    private final Path journalDirectory;
    private volatile Phase phase = Phase.RECOVERING;
    private volatile Engine engine;
    private volatile Gateway gateway;
    private volatile LongFunction<ReplicationStatus> replication;
    private volatile Supplier<ClusterStatus> cluster;
    /** Found once the journal's directory exists. */
    private volatile FileStore journalStore;

    public NodeHealth(final MonitoringSettings settings, final Path journalDirectory)
    {
        this.settings = settings;
        this.journalDirectory = journalDirectory;
    }

    public void phase(final Phase now)
    {
        phase = now;
    }

    public Phase phase()
    {
        return phase;
    }

    public void engine(final Engine started)
    {
        engine = started;
    }

    public void gateway(final Gateway started)
    {
        gateway = started;
    }

    /** @param status where replication stands, given the time now ({@link System#nanoTime()}). */
    public void replication(final LongFunction<ReplicationStatus> status)
    {
        replication = status;
    }

    /** The node is a cluster member: where it stands in its cluster, read when asked. */
    public void cluster(final Supplier<ClusterStatus> status)
    {
        cluster = status;
    }

    /** The node's health now. */
    public HealthReport check()
    {
        final Phase now = phase;
        final Engine checkedEngine = engine;
        final Gateway checkedGateway = gateway;
        final LongFunction<ReplicationStatus> replicating = replication;
        final ReplicationStatus status = replicating == null ? null : replicating.apply(System.nanoTime());
        final Supplier<ClusterStatus> member = cluster;
        final ClusterStatus clusterStatus = member == null ? null : member.get();
        final List<HealthReport.Finding> findings = new ArrayList<>();
        if (now.isStarting())
        {
            findings.add(new HealthReport.Finding(Problem.STARTING, "starting: " + now.doing));
        }
        else if (now == Phase.STOPPING)
        {
            findings.add(new HealthReport.Finding(Problem.STOPPING, "stopping: " + now.doing));
        }
        else if (now == Phase.STOPPED)
        {
            findings.add(new HealthReport.Finding(Problem.STOPPED, "stopped"));
        }
        if (checkedEngine != null && checkedEngine.isHalted())
        {
            findings.add(new HealthReport.Finding(Problem.HALTED, "the engine halted after " +
                checkedEngine.failureCount() + " failure(s) and takes no more commands: see the log, then restart it"));
        }
        if (clusterStatus != null && clusterStatus.serviceProblem() != null)
        {
            findings.add(new HealthReport.Finding(Problem.HALTED, "member " + clusterStatus.memberId() + ": " +
                clusterStatus.serviceProblem() + ": see the log, then restart the member"));
        }
        if (checkedGateway != null && now.gatewayRuns() && !checkedGateway.isRunning())
        {
            findings.add(new HealthReport.Finding(Problem.GATEWAY_STOPPED, "the gateway's thread ended on a failure " +
                "and serves no client: see the log, then restart the node"));
        }
        if (now == Phase.RUNNING)
        {
            if (checkedGateway != null && checkedGateway.isRunning() && !checkedGateway.isAccepting())
            {
                findings.add(new HealthReport.Finding(Problem.NOT_ACCEPTING, "the gateway takes no connections"));
            }
            final String journal = journalProblem();
            if (journal != null)
            {
                findings.add(new HealthReport.Finding(Problem.JOURNAL_NOT_WRITABLE, journal));
            }
            if (status != null)
            {
                checkReplication(status, findings);
            }
            if (clusterStatus != null && !clusterStatus.hasLeader())
            {
                findings.add(new HealthReport.Finding(Problem.NO_LEADER, "member " + clusterStatus.memberId() + " " +
                    noLeader(clusterStatus)));
            }
        }
        final boolean gatewayStarted = checkedGateway != null && now.ordinal() > Phase.CATCHING_UP.ordinal();
        return new HealthReport(now.name(), status, clusterStatus,
            checkedEngine == null ? 0 : checkedEngine.durableJournalSequence(),
            gatewayStarted ? checkedGateway.metrics().connections() : 0,
            gatewayStarted ? checkedGateway.metrics().loggedIn() : 0, findings);
    }

    private void checkReplication(final ReplicationStatus status, final List<HealthReport.Finding> findings)
    {
        if (ReplicationStatus.FENCED.equals(status.role()))
        {
            findings.add(new HealthReport.Finding(Problem.FENCED, status.detail() +
                ": rejoin this node as a standby of the current primary"));
        }
        else if (ReplicationStatus.STANDBY.equals(status.role()))
        {
            if (!status.following())
            {
                findings.add(new HealthReport.Finding(Problem.NOT_FOLLOWING, status.detail()));
            }
            else if (status.lagRecords() > settings.standbyMaxLagRecords() ||
                status.lagNanos() > settings.standbyMaxLag().toNanos())
            {
                findings.add(new HealthReport.Finding(Problem.STANDBY_LAGGING, String.format(Locale.ROOT,
                    "%d record(s) and %.3f s behind the primary; ready within %d records " +
                    "(health.standby-max-lag-records) and %d ms (health.standby-max-lag-ms)", status.lagRecords(),
                    status.lagNanos() / 1e9, settings.standbyMaxLagRecords(), settings.standbyMaxLag().toMillis())));
            }
        }
    }

    private static String noLeader(final ClusterStatus status)
    {
        if (ClusterStatus.NONE.equals(status.role()))
        {
            return "does not run its consensus module (starting, or stopped)";
        }
        return (ClusterStatus.ELECTION_CLOSED.equals(status.electionState()) ? "knows no leader yet" :
            "is in an election (" + status.electionState() + ")") + ", as " + status.role() + " in term " +
            status.leadershipTermId() + ": a majority of the members must run";
    }

    /** @return why the journal cannot take more records, or null when it can. */
    private String journalProblem()
    {
        if (!Files.isWritable(journalDirectory))
        {
            return "the journal's directory " + journalDirectory + " cannot be written";
        }
        try
        {
            FileStore store = journalStore;
            if (store == null)
            {
                store = Files.getFileStore(journalDirectory);
                journalStore = store;
            }
            final long free = store.getUsableSpace();
            if (free < settings.minFreeDiskBytes())
            {
                return String.format(Locale.ROOT, "the journal's file system has %,d MiB free, less than " +
                    "health.min-free-disk (%,d MiB): free some, or the journal stops the engine when it is full",
                    free >> 20, settings.minFreeDiskBytes() >> 20);
            }
        }
        catch (final IOException ex)
        {
            return "cannot tell how much room the journal's file system has: " + ex.getMessage();
        }
        return null;
    }
}
