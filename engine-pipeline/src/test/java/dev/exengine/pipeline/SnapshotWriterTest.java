package dev.exengine.pipeline;

import com.lmax.disruptor.Sequence;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.logging.AuditLog;
import dev.exengine.metrics.MetricCounters;
import org.agrona.ExpandableDirectByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot writer's hand-over with the logic: one snapshot in flight, written only once the journal is durable up
 * to it, and a logic that found the writer busy woken once it is free (an idle engine would otherwise keep its due
 * snapshot until a command came).
 */
class SnapshotWriterTest
{
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path directory;

    private final Sequence durable = new Sequence(0);
    private final AtomicInteger wakeUps = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();

    @Test
    void wakesTheLogicOnceFreeWhenTheLogicFoundItBusy() throws InterruptedException
    {
        try (SnapshotWriter writer = newWriter())
        {
            submit(writer.tryAcquire(), writer, 5);
            assertNull(writer.tryAcquire(), "one snapshot in flight: it waits for the journal to be durable to 5");
            assertEquals(0, wakeUps.get());

            durable.set(5);
            await(() -> writer.written() == 1 && wakeUps.get() == 1);
            assertNotNull(writer.tryAcquire(), "free again, and the logic was told so");
        }
        assertEquals(1, wakeUps.get(), "one wake-up for one refusal");
        assertEquals(0, failures.get());
    }

    @Test
    void wakesNoOneWhenNoOneFoundItBusy() throws InterruptedException
    {
        try (SnapshotWriter writer = newWriter())
        {
            submit(writer.tryAcquire(), writer, 3);
            durable.set(3);
            await(() -> writer.written() == 1);
            submit(writer.tryAcquire(), writer, 4);
            durable.set(4);
            await(() -> writer.written() == 2);
        }
        assertEquals(0, wakeUps.get());
        assertEquals(2, SnapshotStore.open(directory).list().size());
    }

    private SnapshotWriter newWriter()
    {
        return new SnapshotWriter(SnapshotStore.open(directory), 5, durable, TestFailures.counting(failures),
            new EngineMetrics(MetricCounters.inMemory(), 1024), new AuditLog().event("snapshot", Level.INFO),
            wakeUps::incrementAndGet);
    }

    private static void submit(final ExpandableDirectByteBuffer buffer, final SnapshotWriter writer, final long at)
    {
        assertNotNull(buffer, "the writer is free");
        buffer.putLong(0, at);
        writer.submit(at, at, Long.BYTES);
    }

    private static void await(final java.util.function.BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertTrue(condition.getAsBoolean(), "not within 30 s");
    }
}
