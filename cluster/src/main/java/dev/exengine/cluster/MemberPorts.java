package dev.exengine.cluster;

/**
 * Which of its ports a member uses for what: member i's port for {@code which} is
 * {@code cluster.port-base + 10 * i + which}. The first five, in this order, are the fields of Aeron's member string.
 */
final class MemberPorts
{
    static final int INGRESS = 0;
    static final int CONSENSUS = 1;
    static final int LOG = 2;
    static final int CATCHUP = 3;
    static final int ARCHIVE_CONTROL = 4;
    static final int ARCHIVE_REPLICATION = 5;
    static final int CLUSTER_REPLICATION = 6;

    private MemberPorts()
    {
    }
}
