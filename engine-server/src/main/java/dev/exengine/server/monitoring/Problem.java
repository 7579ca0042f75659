package dev.exengine.server.monitoring;

/**
 * What keeps a node from being ready, or alive. Each is a reason {@code /health/ready} gives, a series of
 * {@code exengine_not_ready{reason=...}}, and a line of {@code bin/engine health}.
 */
public enum Problem
{
    STARTING(false, "starting: recovering the journal, catching the gateway's streams up, starting replication or " +
        "opening to clients"),
    STOPPING(false, "stopping: draining, taking the last snapshot and closing"),
    STOPPED(true, "stopped"),
    HALTED(true, "the engine (a cluster member's service) halted and takes no more commands: see the log, then " +
        "restart the node"),
    GATEWAY_STOPPED(true, "the gateway's thread ended on a failure and serves no client: see the log, then restart " +
        "the node"),
    NOT_ACCEPTING(false, "the gateway takes no connections"),
    JOURNAL_NOT_WRITABLE(false, "the journal's directory cannot be written, or its file system has less free than " +
        "health.min-free-disk"),
    FENCED(false, "a newer primary exists: this node takes no clients; rejoin it as a standby"),
    NOT_FOLLOWING(false, "a standby not logged in to its primary"),
    STANDBY_LAGGING(false, "a standby further behind its primary than health.standby-max-lag-records or " +
        "health.standby-max-lag-ms"),
    NO_LEADER(false, "a cluster member with no leader: an election is under way, or fewer than a majority of the " +
        "members run");

    private final boolean endsLiveness;
    private final String description;

    Problem(final boolean endsLiveness, final String description)
    {
        this.endsLiveness = endsLiveness;
        this.description = description;
    }

    /** Whether the node is not alive with this problem (a supervisor should restart it), not just unready. */
    public boolean endsLiveness()
    {
        return endsLiveness;
    }

    /** What it means, in general words (a finding says it in the node's own, with its numbers). */
    public String description()
    {
        return description;
    }
}
