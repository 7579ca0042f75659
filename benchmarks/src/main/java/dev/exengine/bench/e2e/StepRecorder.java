package dev.exengine.bench.e2e;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * What one connection saw during one step: the latency of each measured answer (receive time minus the message's
 * intended send time, nanoseconds) and the counts that must add up. Owned by the connection's driver thread; read
 * after that thread finished.
 */
final class StepRecorder
{
    final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private Schedule schedule;
    long sent;
    long answered;
    long measured;
    long rejected;
    long canceled;
    long lastAnswerNanos;

    void begin(final Schedule schedule)
    {
        this.schedule = schedule;
        histogram.reset();
        sent = 0;
        answered = 0;
        measured = 0;
        rejected = 0;
        canceled = 0;
        lastAnswerNanos = 0;
    }

    /** The answer to message {@code message} arrived (OrderAccepted, or the echo of the frame). */
    void answered(final long message)
    {
        final long now = System.nanoTime();
        answered++;
        lastAnswerNanos = now;
        if (schedule.isMeasured(message))
        {
            measured++;
            histogram.recordValue(Math.max(0, now - schedule.intendedNanos(message)));
        }
    }

    /** An OrderRejected: the message was answered, but not with what is measured. */
    void rejected()
    {
        rejected++;
        lastAnswerNanos = System.nanoTime();
    }

    void canceled()
    {
        canceled++;
    }

    boolean complete()
    {
        return answered + rejected >= sent;
    }
}
