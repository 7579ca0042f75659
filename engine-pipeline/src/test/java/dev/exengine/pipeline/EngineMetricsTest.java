package dev.exengine.pipeline;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.core.event.RejectReason;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.journal.JournalRecordDescriptor;
import dev.exengine.metrics.HistogramMetric;
import dev.exengine.metrics.MetricCounters;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.config.PipelineMode;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineMetricsTest
{
    private static final int FLOW = 400;

    @TempDir
    Path data;

    @ParameterizedTest
    @MethodSource("dev.exengine.pipeline.EngineTest#modes")
    void shouldCountWhatTheEngineTookJournaledAndReleasedAndTimeIt(
        final PipelineMode pipeline, final DurabilityMode durability) throws InterruptedException
    {
        final MetricCounters counters = MetricCounters.inMemory();
        final RecordingOutput output = new RecordingOutput();
        final Map<CommandType, Long> sent = new EnumMap<>(CommandType.class);
        final Engine engine = Engine.start(new EngineConfig().dataDirectory(data).snapshotEveryCommands(0)
            .snapshotOnClose(false).pipelineMode(pipeline).durabilityMode(durability).metrics(counters), output);
        try
        {
            final CommandFlow flow = new CommandFlow(3);
            final Command command = new Command();
            for (int i = 0; i < FLOW; i++)
            {
                send(engine, flow.next(command), sent);
            }
            send(engine, new Command().type(CommandType.NEW_ORDER).accountId(1).instrumentId(99).clientOrderId(1)
                .side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).price(10).quantity(1), sent);
            send(engine, new Command().type(CommandType.DEPOSIT).accountId(777).assetId(CommandFlow.QUOTE).amount(5),
                sent);
            send(engine, new Command().type(CommandType.QUERY_BALANCES).accountId(1).requestId(9), sent);
            output.await(event -> event.startsWith("QUERY_DONE"));
        }
        finally
        {
            engine.shutdown();
        }

        final long journaled = FLOW + 2;
        for (final CommandType type : CommandType.values())
        {
            assertEquals(sent.getOrDefault(type, 0L), counters.value(EngineMetrics.COMMANDS, type.name()), type.name());
        }
        for (final EventType type : EventType.values())
        {
            assertEquals(output.events().stream().filter(event -> event.startsWith(type.name() + " ")).count(),
                counters.value(EngineMetrics.EVENTS, type.name()), type.name());
        }
        assertEquals(1, counters.value(EngineMetrics.REJECTS, "engine", "UNKNOWN_INSTRUMENT"));
        assertEquals(1, counters.value(EngineMetrics.REJECTS, "engine", "UNKNOWN_ACCOUNT"));
        assertEquals(journaled, counters.value(EngineMetrics.JOURNAL_SEQUENCE));
        assertEquals(journaled, counters.value(EngineMetrics.JOURNAL_RECORDS));
        assertTrue(counters.value(EngineMetrics.JOURNAL_BYTES) > journaled * JournalRecordDescriptor.HEADER_LENGTH);
        final long commits = counters.value(EngineMetrics.JOURNAL_COMMITS);
        assertTrue(commits >= 1 && commits <= journaled, commits + " commits");
        assertEquals(1L << 14, counters.value(EngineMetrics.INPUT_RING_SLOTS));

        final Histogram latency = sample(engine.metrics(), "exengine_command_latency_seconds");
        assertEquals(FLOW + 3, latency.getTotalCount(), "every command is timed once, the query too");
        // A group commit whose last document filled up was committed as it was written: nothing left to time.
        final long timedCommits = sample(engine.metrics(), "exengine_journal_commit_seconds").getTotalCount();
        assertTrue(timedCommits >= 1 && timedCommits <= commits, timedCommits + " of " + commits + " commits timed");
        assertEquals(durability == DurabilityMode.FSYNC ? commits : 0,
            sample(engine.metrics(), "exengine_journal_fsync_seconds").getTotalCount());
        final Histogram batches = sample(engine.metrics(), "exengine_journal_batch_records");
        assertEquals(commits, batches.getTotalCount());
        assertTrue(batches.getMaxValue() >= 1);
    }

    @Test
    void shouldReportTheSnapshotsItWritesAndTheOneItStartedFrom() throws InterruptedException
    {
        final MetricCounters counters = MetricCounters.inMemory();
        final RecordingOutput output = new RecordingOutput();
        try (Engine engine = Engine.start(new EngineConfig().dataDirectory(data).snapshotEveryCommands(0)
            .snapshotOnClose(false).metrics(counters), output))
        {
            assertEquals(0, counters.value(EngineMetrics.SNAPSHOT_SEQUENCE));
            assertEquals(0, counters.value(EngineMetrics.SNAPSHOT_TIME));
            final long last = EngineTest.submitFlow(engine, 1, 200);
            assertEquals(SubmitResult.ACCEPTED, engine.requestSnapshot());
            output.await(event -> event.contains("sequence=" + last + " "));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (counters.value(EngineMetrics.SNAPSHOTS) == 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertEquals(1, counters.value(EngineMetrics.SNAPSHOTS));
            assertEquals(last, counters.value(EngineMetrics.SNAPSHOT_SEQUENCE));
            assertTrue(counters.value(EngineMetrics.SNAPSHOT_TIME) > 0);
            assertTrue(counters.value(EngineMetrics.SNAPSHOT_WRITE) > 0);
            assertTrue(counters.value(EngineMetrics.SNAPSHOT_COPY) > 0);
            assertEquals(0, counters.value(EngineMetrics.SNAPSHOT_FAILURES));
        }

        final MetricCounters restarted = MetricCounters.inMemory();
        try (Engine engine = Engine.start(new EngineConfig().dataDirectory(data).snapshotEveryCommands(0)
            .snapshotOnClose(false).metrics(restarted)))
        {
            assertEquals(200, restarted.value(EngineMetrics.SNAPSHOT_SEQUENCE));
            assertTrue(restarted.value(EngineMetrics.SNAPSHOT_TIME) > 0, "the age of the snapshot started from");
            assertEquals(0, restarted.value(EngineMetrics.SNAPSHOTS), "none written by this run yet");
            assertEquals(200, restarted.value(EngineMetrics.JOURNAL_SEQUENCE));
        }
    }

    @Test
    void shouldCountAndTimeWithoutAllocatingAfterWarmUp()
    {
        final MetricCounters counters = MetricCounters.inMemory();
        final EngineMetrics metrics = new EngineMetrics(counters, 1024);
        final Event[] events = new Event[EventType.values().length * 2];
        for (int i = 0; i < events.length; i++)
        {
            final EventType type = EventType.values()[i % EventType.values().length];
            events[i] = new Event().type(type).rejectReason(i % 2 == 0 ? RejectReason.NONE :
                RejectReason.values()[1 + i % (RejectReason.values().length - 1)]);
        }
        final int rounds = 200_000;
        countRounds(metrics, events, rounds);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        countRounds(metrics, events, rounds);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < 1024, allocated + " bytes allocated counting " + rounds + " rounds");
        assertEquals(2L * rounds * 2, counters.value(EngineMetrics.EVENTS, EventType.values()[0].name()));
        final int types = CommandType.values().length;
        assertEquals(2L * ((rounds + types - 1) / types), counters.value(EngineMetrics.COMMANDS,
            CommandType.values()[0].name()));
    }

    /** What the logic and the journaller do per command and per batch, {@code rounds} times. */
    private static void countRounds(final EngineMetrics metrics, final Event[] events, final int rounds)
    {
        final int types = CommandType.values().length;
        for (int round = 0; round < rounds; round++)
        {
            metrics.commands[round % types].incrementOpaque();
            for (final Event event : events)
            {
                metrics.released(event);
            }
            metrics.inputRingRemaining.setOpaque(round & 1023);
            metrics.journalSequence.setOpaque(round);
            final long critical = metrics.commandLatency.recorder().begin();
            metrics.commandLatency.recorder().record(round * 1000L);
            metrics.commandLatency.recorder().end(critical);
            metrics.batchRecords.recorder().recordOne(1 + (round & 255));
        }
    }

    private static void send(final Engine engine, final Command command, final Map<CommandType, Long> sent)
    {
        EngineTest.submit(engine, command);
        sent.merge(command.type(), 1L, Long::sum);
    }

    private static Histogram sample(final EngineMetrics metrics, final String name)
    {
        for (final HistogramMetric histogram : metrics.histograms())
        {
            if (histogram.name().equals(name))
            {
                final Histogram interval = histogram.recorder().newHistogram();
                histogram.recorder().sampleInto(interval);
                return interval;
            }
        }
        throw new AssertionError("no histogram " + name);
    }
}
