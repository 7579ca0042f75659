package dev.exengine.bench.e2e;

import org.HdrHistogram.Histogram;

import java.util.List;

/** The outcome of one step (or of the raw floor): counts, rates, and the merged latency histogram in nanoseconds. */
final class StepResult
{
    final String name;
    final long offeredRate;
    final int connections;
    final long scheduled;
    final long measuredScheduled;
    final long sent;
    final long answered;
    final long measured;
    final long rejected;
    final long canceled;
    final boolean drained;
    /** Measured answers per second, from the start of the measurement window to the last answer. */
    final double achievedRate;
    final Histogram histogram;

    private StepResult(final String name, final long offeredRate, final int connections, final Schedule schedule,
        final long sent, final long answered, final long measured, final long rejected, final long canceled,
        final boolean drained, final double achievedRate, final Histogram histogram)
    {
        this.name = name;
        this.offeredRate = offeredRate;
        this.connections = connections;
        this.scheduled = schedule.totalMessages();
        this.measuredScheduled = schedule.measuredMessages();
        this.sent = sent;
        this.answered = answered;
        this.measured = measured;
        this.rejected = rejected;
        this.canceled = canceled;
        this.drained = drained;
        this.achievedRate = achievedRate;
        this.histogram = histogram;
    }

    static StepResult of(final String name, final long rate, final List<? extends LoadTarget> targets,
        final Schedule schedule, final boolean drained)
    {
        long sent = 0;
        long answered = 0;
        long measured = 0;
        long rejected = 0;
        long canceled = 0;
        long lastAnswer = schedule.measureStartNanos();
        for (final LoadTarget target : targets)
        {
            final StepRecorder r = target.recorder();
            sent += r.sent;
            answered += r.answered;
            measured += r.measured;
            rejected += r.rejected;
            canceled += r.canceled;
            lastAnswer = Math.max(lastAnswer, r.lastAnswerNanos);
        }
        // Never credit more than the schedule offered: the last answer can come before the window's nominal end.
        final double window = Math.max(lastAnswer, schedule.endNanos()) - schedule.measureStartNanos();
        final double achieved = measured * 1e9 / window;
        return new StepResult(name, rate, targets.size(), schedule, sent, answered, measured, rejected, canceled,
            drained, achieved, OpenLoopStep.merged(targets));
    }

    double percentileMicros(final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMicros()
    {
        return histogram.getMaxValue() / 1000.0;
    }

    String line()
    {
        return String.format("%-14s offered %,9d/s achieved %,11.0f/s  measured %,9d  rejected %d  drained %-5s " +
            "p50 %9.1f  p99 %9.1f  p99.9 %9.1f  p99.99 %9.1f  max %9.1f us", name, offeredRate, achievedRate,
            measured, rejected, drained, percentileMicros(50), percentileMicros(99), percentileMicros(99.9),
            percentileMicros(99.99), maxMicros());
    }
}
