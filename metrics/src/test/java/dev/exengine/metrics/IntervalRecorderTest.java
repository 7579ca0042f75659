package dev.exengine.metrics;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntervalRecorderTest
{
    @Test
    void shouldHandEachIntervalsValuesToTheReaderOnce()
    {
        final IntervalRecorder recorder = new IntervalRecorder(1_000_000, 3);
        final Histogram interval = recorder.newHistogram();
        final long critical = recorder.begin();
        recorder.record(100);
        recorder.record(200);
        recorder.end(critical);
        recorder.recordOne(300);

        recorder.sampleInto(interval);
        assertEquals(3, interval.getTotalCount());
        assertEquals(300, interval.getMaxValue());

        recorder.recordOne(50);
        recorder.sampleInto(interval);
        assertEquals(1, interval.getTotalCount(), "only what came since");
        assertEquals(50, interval.getMaxValue());
    }

    @Test
    void shouldClampValuesOutsideItsRangeRatherThanThrow()
    {
        final IntervalRecorder recorder = new IntervalRecorder(1_000, 3);
        final Histogram interval = recorder.newHistogram();
        recorder.recordOne(-5);
        recorder.recordOne(Long.MAX_VALUE);
        recorder.sampleInto(interval);
        assertEquals(2, interval.getTotalCount());
        assertEquals(0, interval.getMinValue());
        assertEquals(interval.highestEquivalentValue(1_000), interval.getMaxValue());
    }

    @Test
    void shouldLoseNothingAndAllocateNothingWhileAReaderSamplesConcurrently() throws InterruptedException
    {
        final IntervalRecorder recorder = new IntervalRecorder(1_000_000, 3);
        final AtomicBoolean writing = new AtomicBoolean(true);
        final AtomicLong read = new AtomicLong();
        final Thread reader = new Thread(() ->
        {
            final Histogram interval = recorder.newHistogram();
            while (writing.get())
            {
                recorder.sampleInto(interval);
                read.addAndGet(interval.getTotalCount());
            }
            recorder.sampleInto(interval);
            read.addAndGet(interval.getTotalCount());
        });
        reader.start();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long written = 2_000_000;
        for (int i = 0; i < written / 2; i++)
        {
            writeBatchOfTwo(recorder, i);
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < written / 2; i++)
        {
            writeBatchOfTwo(recorder, i);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        writing.set(false);
        reader.join();
        assertEquals(2 * written, read.get());
        assertTrue(allocated < 1024, "the writer allocated " + allocated + " bytes");
    }

    private static void writeBatchOfTwo(final IntervalRecorder recorder, final int i)
    {
        final long critical = recorder.begin();
        recorder.record(i & 1023);
        recorder.record(1 + (i & 4095));
        recorder.end(critical);
    }
}
