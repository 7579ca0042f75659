package dev.exengine.pipeline;

import dev.exengine.core.command.CommandType;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.core.event.RejectReason;
import dev.exengine.metrics.HistogramMetric;
import dev.exengine.metrics.Metric;
import dev.exengine.metrics.MetricCounters;
import dev.exengine.metrics.Rejects;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.List;

/**
 * What the engine counts for operators, in the node's counters ({@link MetricCounters}) and latency recorders. Every
 * counter has one writer, the thread of the stage that owns it: the logic (commands, events, rejects, the input
 * ring, the snapshot's copy), the journaller (sequence, records, bytes, commits, their latencies and batch sizes), the
 * snapshot writer (snapshots written), and the logic or, in PARALLEL mode, the output thread (a command's latency
 * from the ring to its events' release). Bumping one is a plain store: nothing is allocated, nothing locked.
 */
public final class EngineMetrics
{
    public static final Metric COMMANDS = Metric.counter("exengine_commands",
        "Commands the business logic applied (queries answered), by type", "type");
    public static final Metric EVENTS = Metric.counter("exengine_events",
        "Events the business logic produced for the engine's outputs, by type", "type");
    /** With {@code source="engine"}; the gateway counts its own rejects into the same metric. */
    public static final Metric REJECTS = Rejects.METRIC;
    public static final Metric INPUT_RING_SLOTS = Metric.gauge("exengine_input_ring_slots",
        "Slots in the engine's input ring");
    public static final Metric INPUT_RING_REMAINING = Metric.gauge("exengine_input_ring_remaining_slots",
        "Free slots in the input ring as the logic began its last batch (0: commands are answered ENGINE_BUSY)");
    public static final Metric JOURNAL_SEQUENCE = Metric.gauge("exengine_journal_sequence",
        "The journal sequence through which the journal is durable under the node's durability mode");
    public static final Metric JOURNAL_RECORDS = Metric.counter("exengine_journal_records",
        "Records appended to the journal");
    public static final Metric JOURNAL_BYTES = Metric.counter("exengine_journal_bytes",
        "Bytes appended to the journal, records with their headers");
    public static final Metric JOURNAL_COMMITS = Metric.counter("exengine_journal_commits",
        "Group commits: batches of records made durable together (in fsync mode each ends with a force to the " +
        "device)");
    public static final Metric SNAPSHOTS = Metric.counter("exengine_snapshots",
        "Snapshots written since the node started");
    public static final Metric SNAPSHOT_FAILURES = Metric.counter("exengine_snapshot_failures",
        "Snapshots that could not be written");
    public static final Metric SNAPSHOT_SEQUENCE = Metric.gauge("exengine_snapshot_last_sequence",
        "Journal sequence of the newest snapshot: the one the node started from, or the last it wrote");
    public static final Metric SNAPSHOT_TIME = Metric.timestamp("exengine_snapshot_last_timestamp_seconds",
        "When the newest snapshot was written (0: none)");
    public static final Metric SNAPSHOT_WRITE = Metric.duration("exengine_snapshot_write_seconds",
        "How long the snapshot writer's thread took to write the last snapshot");
    public static final Metric SNAPSHOT_COPY = Metric.duration("exengine_snapshot_copy_seconds",
        "How long the logic thread stopped to copy the state for the last snapshot");

    final HistogramMetric commandLatency = HistogramMetric.latency("exengine_command_latency_seconds",
        "From a command's entry into the input ring to the release of its events to the gateway (the end of the " +
        "batch that released them), inside the process");
    final HistogramMetric commitLatency = HistogramMetric.latency("exengine_journal_commit_seconds",
        "How long committing the journal's open batch document took at the end of a batch (its records become " +
        "visible and survive a process crash); a document the journal commits as it fills (at 256 records) is not " +
        "timed");
    final HistogramMetric fsyncLatency = HistogramMetric.latency("exengine_journal_fsync_seconds",
        "How long forcing a committed journal batch to the device took (fsync durability only)");
    final HistogramMetric batchRecords = HistogramMetric.size("exengine_journal_batch_records",
        "Records per group commit: how many commands share one commit (and, in fsync mode, one force)", 1 << 20);

    private final MetricCounters counters;
    final AtomicCounter[] commands;
    final AtomicCounter[] events;
    /** Indexed by the reason's ordinal; null for NONE. */
    final AtomicCounter[] rejects;
    final AtomicCounter inputRingRemaining;
    final AtomicCounter journalSequence;
    final AtomicCounter journalRecords;
    final AtomicCounter journalBytes;
    final AtomicCounter journalCommits;
    final AtomicCounter snapshots;
    final AtomicCounter snapshotFailures;
    final AtomicCounter snapshotSequence;
    final AtomicCounter snapshotTime;
    final AtomicCounter snapshotWrite;
    final AtomicCounter snapshotCopy;

    /** Allocates the engine's counters; once per engine, before its threads start. */
    EngineMetrics(final MetricCounters counters, final int inputRingSlots)
    {
        this.counters = counters;
        this.commands = counters.byEnum(COMMANDS, CommandType.class);
        this.events = counters.byEnum(EVENTS, EventType.class);
        this.rejects = new AtomicCounter[RejectReason.values().length];
        for (final RejectReason reason : RejectReason.values())
        {
            if (reason != RejectReason.NONE)
            {
                rejects[reason.ordinal()] = counters.counter(REJECTS, "engine", reason.name());
            }
        }
        counters.counter(INPUT_RING_SLOTS).setOpaque(inputRingSlots);
        this.inputRingRemaining = counters.counter(INPUT_RING_REMAINING);
        this.inputRingRemaining.setOpaque(inputRingSlots);
        this.journalSequence = counters.counter(JOURNAL_SEQUENCE);
        this.journalRecords = counters.counter(JOURNAL_RECORDS);
        this.journalBytes = counters.counter(JOURNAL_BYTES);
        this.journalCommits = counters.counter(JOURNAL_COMMITS);
        this.snapshots = counters.counter(SNAPSHOTS);
        this.snapshotFailures = counters.counter(SNAPSHOT_FAILURES);
        this.snapshotSequence = counters.counter(SNAPSHOT_SEQUENCE);
        this.snapshotTime = counters.counter(SNAPSHOT_TIME);
        this.snapshotWrite = counters.counter(SNAPSHOT_WRITE);
        this.snapshotCopy = counters.counter(SNAPSHOT_COPY);
    }

    /** The counters this engine's are in (with the gateway's and the node's, on a node). */
    public MetricCounters counters()
    {
        return counters;
    }

    /** The latencies and sizes the engine records, for the node's sampler: one reader at a time. */
    public List<HistogramMetric> histograms()
    {
        return List.of(commandLatency, commitLatency, fsyncLatency, batchRecords);
    }

    /** An event leaves the logic: counted by type, and by reason when it is a reject. On the logic's thread. */
    void released(final Event event)
    {
        events[event.type().ordinal()].incrementOpaque();
        final RejectReason reason = event.rejectReason();
        if (reason != null && reason != RejectReason.NONE)
        {
            rejects[reason.ordinal()].incrementOpaque();
        }
    }
}
