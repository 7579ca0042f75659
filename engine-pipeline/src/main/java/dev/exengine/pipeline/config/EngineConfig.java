package dev.exengine.pipeline.config;

import dev.exengine.journal.DurabilityMode;
import dev.exengine.metrics.MetricCounters;
import dev.exengine.pipeline.config.ReplicationGate;
import dev.exengine.storage.DataDirectory;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.nio.file.Path;

/**
 * Everything the engine needs to start. Mutable while being built, read once by {@code Engine.start}.
 */
public final class EngineConfig
{
    private Path journalDirectory = Path.of("data", DataDirectory.JOURNAL);
    private Path snapshotDirectory = Path.of("data", DataDirectory.SNAPSHOTS);
    private DurabilityMode durabilityMode = DurabilityMode.PROCESS;
    private PipelineMode pipelineMode = PipelineMode.INLINE;
    private WaitProfile waitProfile = WaitProfile.BALANCED;
    private boolean hosted;
    private int inputRingSize = 1 << 14;
    private int outputRingSize = 1 << 16;
    private long snapshotEveryCommands = 1_000_000;
    private int snapshotsToKeep = 3;
    private boolean snapshotOnClose = true;
    private long journalPretouchAhead;
    private EpochNanoClock clock = new SystemEpochNanoClock();
    private ReplicationGate replicationGate;
    private ProgressListener progress = ProgressListener.NONE;
    private MetricCounters metrics;

    public Path journalDirectory()
    {
        return journalDirectory;
    }

    public EngineConfig journalDirectory(final Path journalDirectory)
    {
        this.journalDirectory = journalDirectory;
        return this;
    }

    public Path snapshotDirectory()
    {
        return snapshotDirectory;
    }

    public EngineConfig snapshotDirectory(final Path snapshotDirectory)
    {
        this.snapshotDirectory = snapshotDirectory;
        return this;
    }

    /**
     * Puts the journal and the snapshots in {@code dataDirectory}/journal and {@code dataDirectory}/snapshots.
     */
    public EngineConfig dataDirectory(final Path dataDirectory)
    {
        this.journalDirectory = dataDirectory.resolve(DataDirectory.JOURNAL);
        this.snapshotDirectory = dataDirectory.resolve(DataDirectory.SNAPSHOTS);
        return this;
    }

    public DurabilityMode durabilityMode()
    {
        return durabilityMode;
    }

    public EngineConfig durabilityMode(final DurabilityMode durabilityMode)
    {
        this.durabilityMode = durabilityMode;
        return this;
    }

    public PipelineMode pipelineMode()
    {
        return pipelineMode;
    }

    public EngineConfig pipelineMode(final PipelineMode pipelineMode)
    {
        this.pipelineMode = pipelineMode;
        return this;
    }

    public WaitProfile waitProfile()
    {
        return waitProfile;
    }

    public EngineConfig waitProfile(final WaitProfile waitProfile)
    {
        this.waitProfile = waitProfile;
        return this;
    }

    public boolean hosted()
    {
        return hosted;
    }

    /**
     * @param hosted true: the engine starts no thread of its own; a host thread (the gateway's) runs its pipeline
     *               in the host's duty cycle ({@code Engine.hostedPipeline()}), so that a command read from a socket
     *               is journaled, applied and answered without waking another thread. INLINE pipeline only.
     */
    public EngineConfig hosted(final boolean hosted)
    {
        this.hosted = hosted;
        return this;
    }

    public int inputRingSize()
    {
        return inputRingSize;
    }

    /**
     * @param inputRingSize slots in the input ring, a power of two; a full ring answers "busy".
     */
    public EngineConfig inputRingSize(final int inputRingSize)
    {
        this.inputRingSize = requirePowerOfTwo("inputRingSize", inputRingSize);
        return this;
    }

    public int outputRingSize()
    {
        return outputRingSize;
    }

    /**
     * @param outputRingSize slots (events) in the output ring, a power of two.
     */
    public EngineConfig outputRingSize(final int outputRingSize)
    {
        this.outputRingSize = requirePowerOfTwo("outputRingSize", outputRingSize);
        return this;
    }

    public long snapshotEveryCommands()
    {
        return snapshotEveryCommands;
    }

    /**
     * @param snapshotEveryCommands take a snapshot after this many journaled commands; 0 turns periodic snapshots off.
     */
    public EngineConfig snapshotEveryCommands(final long snapshotEveryCommands)
    {
        if (snapshotEveryCommands < 0)
        {
            throw new IllegalArgumentException("snapshotEveryCommands must be >= 0: " + snapshotEveryCommands);
        }
        this.snapshotEveryCommands = snapshotEveryCommands;
        return this;
    }

    public int snapshotsToKeep()
    {
        return snapshotsToKeep;
    }

    public EngineConfig snapshotsToKeep(final int snapshotsToKeep)
    {
        if (snapshotsToKeep < 1)
        {
            throw new IllegalArgumentException("snapshotsToKeep must be >= 1: " + snapshotsToKeep);
        }
        this.snapshotsToKeep = snapshotsToKeep;
        return this;
    }

    public boolean snapshotOnClose()
    {
        return snapshotOnClose;
    }

    public EngineConfig snapshotOnClose(final boolean snapshotOnClose)
    {
        this.snapshotOnClose = snapshotOnClose;
        return this;
    }

    public long journalPretouchAhead()
    {
        return journalPretouchAhead;
    }

    /**
     * @param journalPretouchAhead how many bytes of the journal's file a thread of its own keeps in memory and mapped
     *                             ahead of the writer, so that the engine thread does not take the journal's page
     *                             faults ({@code CommandJournal.pretouch}); 0, the default here, for none. The server
     *                             turns it on ({@code journal.pretouch}).
     */
    public EngineConfig journalPretouchAhead(final long journalPretouchAhead)
    {
        if (journalPretouchAhead != 0 && journalPretouchAhead < 4096)
        {
            throw new IllegalArgumentException("journalPretouchAhead must be 0 (none) or at least a page, 4096: " +
                journalPretouchAhead);
        }
        this.journalPretouchAhead = journalPretouchAhead;
        return this;
    }

    public EpochNanoClock clock()
    {
        return clock;
    }

    /**
     * @param clock stamps each command as it enters the ring; the stamp is journaled and is the only time the
     *              business logic ever sees.
     */
    public EngineConfig clock(final EpochNanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /** What {@link DurabilityMode#REPLICATED} waits for; required in that mode, unused in the others. */
    public ReplicationGate replicationGate()
    {
        return replicationGate;
    }

    public EngineConfig replicationGate(final ReplicationGate replicationGate)
    {
        this.replicationGate = replicationGate;
        return this;
    }

    /** Told as the journal and the decisions advance (the replication layer). */
    public ProgressListener progress()
    {
        return progress;
    }

    public EngineConfig progress(final ProgressListener progress)
    {
        this.progress = progress;
        return this;
    }

    /** Where the engine's counters go; null: counters of its own, in memory. */
    public MetricCounters metrics()
    {
        return metrics;
    }

    /**
     * @param metrics the node's counters (its counters file), to allocate the engine's in; one engine per counters.
     */
    public EngineConfig metrics(final MetricCounters metrics)
    {
        this.metrics = metrics;
        return this;
    }

    /**
     * @throws IllegalArgumentException naming what does not go together.
     */
    public EngineConfig validate()
    {
        if (hosted && pipelineMode != PipelineMode.INLINE)
        {
            throw new IllegalArgumentException("a hosted engine (threads shared with the gateway) runs the INLINE " +
                "pipeline, not " + pipelineMode + ": one thread journals, applies and answers each batch");
        }
        if (hosted && durabilityMode == DurabilityMode.REPLICATED)
        {
            throw new IllegalArgumentException("a hosted engine (threads shared with the gateway) does not run " +
                "replicated durability: the gateway's thread would wait a network round trip to the standby for " +
                "every batch, serving no client meanwhile; give the engine its own thread");
        }
        if (durabilityMode == DurabilityMode.REPLICATED)
        {
            if (replicationGate == null)
            {
                throw new IllegalArgumentException("replicated durability needs a standby to wait for: configure " +
                    "replication (a replication listen address on the primary)");
            }
            if (pipelineMode == PipelineMode.PARALLEL)
            {
                throw new IllegalArgumentException("replicated durability runs the INLINE or SERIAL pipeline, not " +
                    "PARALLEL: its events are released a batch at a time, on the logic thread, once the standby " +
                    "has the batch");
            }
        }
        return this;
    }

    private static int requirePowerOfTwo(final String name, final int value)
    {
        if (value < 2 || Integer.bitCount(value) != 1)
        {
            throw new IllegalArgumentException(name + " must be a power of two >= 2: " + value);
        }
        return value;
    }
}
