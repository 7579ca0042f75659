package dev.exengine.server.monitoring;

/**
 * Where a node stands in replication, as its health checks and metrics show it.
 *
 * @param role       PRIMARY, STANDBY or FENCED.
 * @param epoch      the current epoch (0 before the node has read its journal's).
 * @param following  a standby logged in to its primary; false otherwise.
 * @param lagRecords a standby: the records the primary has and it lacks; a primary: the records no standby has
 *                   acknowledged yet.
 * @param lagNanos   a standby: how long it has lacked a record the primary has; a primary: how long ago the oldest
 *                   record no standby has acknowledged was shipped.
 * @param detail     what the role means now, in words.
 */
public record ReplicationStatus(
    String role, long epoch, boolean following, long lagRecords, long lagNanos, String detail)
{
    public static final String PRIMARY = "PRIMARY";
    public static final String STANDBY = "STANDBY";
    public static final String FENCED = "FENCED";
}
