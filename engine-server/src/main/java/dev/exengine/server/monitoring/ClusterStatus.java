package dev.exengine.server.monitoring;

/**
 * Where a cluster member stands in its cluster, as its health checks and metrics show it: read from the member's
 * consensus module and service at the moment asked.
 *
 * @param memberId         this member's id.
 * @param role             LEADER, FOLLOWER or CANDIDATE; NONE while the member's consensus module does not run.
 * @param electionState    CLOSED when no election is under way, else the election's step (CANVASS, NOMINATE...);
 *                         NONE while the consensus module does not run.
 * @param leaderMemberId   the member that leads, or -1 while an election is under way or none is known yet.
 * @param leadershipTermId the leadership term this member is in.
 * @param commitPosition   the log position a majority of the members holds.
 * @param elections        elections this member has been through since it started.
 * @param serviceProblem   why the member's service takes no commands (it halted, or the cluster told the member to
 *                         terminate), or null while it runs.
 */
public record ClusterStatus(
    int memberId, String role, String electionState, int leaderMemberId, long leadershipTermId, long commitPosition,
    long elections, String serviceProblem)
{
    public static final String LEADER = "LEADER";
    public static final String FOLLOWER = "FOLLOWER";
    public static final String CANDIDATE = "CANDIDATE";
    public static final String ELECTION_CLOSED = "CLOSED";
    public static final String NONE = "NONE";

    /** Whether the member is in a cluster with a leader: no election under way and the leader known. */
    public boolean hasLeader()
    {
        return ELECTION_CLOSED.equals(electionState) && leaderMemberId >= 0;
    }
}
