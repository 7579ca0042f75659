package dev.exengine.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * Records values (latencies, sizes) on one hot thread into an HdrHistogram, and hands what was recorded since the last
 * look to one reader thread, as HdrHistogram's {@code SingleWriterRecorder} does: two histograms swapped under a
 * {@link WriterReaderPhaser}, so the writer never locks and never waits. One difference: the writer may record many
 * values inside one critical section ({@link #begin()}, {@link #record}, {@link #end}), which costs its two atomic
 * operations once per batch rather than once per value. Values are clamped into the trackable range, so recording
 * never throws and never resizes: nothing is allocated after construction, on either side.
 */
public final class IntervalRecorder
{
    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private final long highestTrackableValue;
    private final int significantDigits;
    private volatile Histogram active;
    private Histogram inactive;

    /**
     * @param highestTrackableValue larger values are recorded as this.
     * @param significantDigits     the histograms' precision (3: within 0.1 %).
     */
    public IntervalRecorder(final long highestTrackableValue, final int significantDigits)
    {
        this.highestTrackableValue = highestTrackableValue;
        this.significantDigits = significantDigits;
        this.active = newHistogram();
        this.inactive = newHistogram();
    }

    /** A histogram of this recorder's range and precision, for a reader to sample into and add up. */
    public Histogram newHistogram()
    {
        return new Histogram(highestTrackableValue, significantDigits);
    }

    /** The writer enters a critical section; pass what it returns to {@link #end}. */
    public long begin()
    {
        return phaser.writerCriticalSectionEnter();
    }

    /** Records one value; only between {@link #begin()} and {@link #end}, on the writer's thread. */
    public void record(final long value)
    {
        active.recordValue(Math.max(0, Math.min(value, highestTrackableValue)));
    }

    /** The writer leaves the critical section {@link #begin()} opened. */
    public void end(final long criticalValueAtBegin)
    {
        phaser.writerCriticalSectionExit(criticalValueAtBegin);
    }

    /** Records one value in a critical section of its own. */
    public void recordOne(final long value)
    {
        final long critical = begin();
        try
        {
            record(value);
        }
        finally
        {
            end(critical);
        }
    }

    /**
     * The reader's side: puts into {@code interval} (made by {@link #newHistogram()}) everything recorded since the
     * last call, and starts a new interval. Waits, briefly, only for a writer inside a critical section.
     */
    public synchronized void sampleInto(final Histogram interval)
    {
        phaser.readerLock();
        try
        {
            inactive.reset();
            final Histogram recorded = active;
            active = inactive;
            inactive = recorded;
            // After the flip no writer is left inside the histogram that was active.
            phaser.flipPhase();
            interval.reset();
            interval.add(recorded);
        }
        finally
        {
            phaser.readerUnlock();
        }
    }
}
