package dev.exengine.cluster;

import io.aeron.AeronCounters;
import io.aeron.CncFileDescriptor;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.ElectionState;
import io.aeron.cluster.service.Cluster;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running member's state as its consensus module publishes it in the member's Aeron counters ({@code cnc.dat} in its
 * Aeron directory): readable by any process on the member's machine, with no connection to the cluster. For operators
 * ({@code bin/engine cluster status}) and health checks.
 *
 * @param moduleState      the consensus module's state: ACTIVE while it serves; SUSPENDED, SNAPSHOT, CLOSED...
 * @param role             LEADER, FOLLOWER or CANDIDATE.
 * @param electionState    CLOSED when no election is under way.
 * @param leadershipTermId the term this member is in.
 * @param commitPosition   the log position a majority holds.
 * @param snapshots        snapshots this member has taken since it started.
 * @param elections        elections this member has been through since it started.
 */
public record MemberStatus(
    String moduleState,
    String role,
    String electionState,
    long leadershipTermId,
    long commitPosition,
    long snapshots,
    long elections)
{
    /**
     * Reads the counters of the member whose media driver uses {@code aeronDirectory}.
     *
     * @throws IllegalStateException when no member runs there.
     */
    public static MemberStatus read(final String aeronDirectory)
    {
        final File cnc = new File(aeronDirectory, CncFileDescriptor.CNC_FILE);
        if (!cnc.exists())
        {
            throw new IllegalStateException("no member runs on " + aeronDirectory + " (no " + cnc.getName() + ")");
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(cnc, "cnc");
        try
        {
            final AtomicBuffer meta = CncFileDescriptor.createMetaDataBuffer(mapped);
            final CountersReader counters = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(mapped, meta),
                CncFileDescriptor.createCountersValuesBuffer(mapped, meta));
            final Map<Integer, Long> values = new LinkedHashMap<>();
            counters.forEach((counterId, typeId, keyBuffer, label) ->
                values.putIfAbsent(typeId, counters.getCounterValue(counterId)));
            final Long state = values.get(AeronCounters.CLUSTER_CONSENSUS_MODULE_STATE_TYPE_ID);
            if (state == null)
            {
                throw new IllegalStateException("no consensus module runs on " + aeronDirectory);
            }
            return new MemberStatus(
                String.valueOf(ConsensusModule.State.get(state)),
                String.valueOf(Cluster.Role.get(values.getOrDefault(
                    AeronCounters.CLUSTER_NODE_ROLE_TYPE_ID, 0L))),
                String.valueOf(ElectionState.get(values.getOrDefault(
                    AeronCounters.CLUSTER_ELECTION_STATE_TYPE_ID, 0L))),
                values.getOrDefault(AeronCounters.CLUSTER_LEADERSHIP_TERM_ID_TYPE_ID, -1L),
                values.getOrDefault(AeronCounters.CLUSTER_COMMIT_POSITION_TYPE_ID, 0L),
                values.getOrDefault(AeronCounters.CLUSTER_SNAPSHOT_COUNTER_TYPE_ID, 0L),
                values.getOrDefault(AeronCounters.CLUSTER_ELECTION_COUNT_TYPE_ID, 0L));
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }
}
