package dev.exengine.tool;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar with rate and ETA on standard error, drawn when asked ({@link ProgressMode}) and only once the work
 * has taken longer than {@link #QUIET_NANOS}; then a summary line (records, seconds, records per second) at the end.
 */
final class ProgressMeter
{
    private static final long QUIET_NANOS = 2_000_000_000L;
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final String verb;
    private final long total;
    private final boolean summary;
    private final boolean drawBar;
    private final LongSupplier nanoClock;
    private final long start;
    private long lastDraw;
    private boolean drawn;

    /**
     * @param total     records expected, 0 when unknown (no percentage and no ETA then).
     * @param summary   whether to print the summary line at the end (off with --quiet).
     * @param drawBar   whether to draw the bar.
     * @param nanoClock {@link System#nanoTime}, or a test's clock.
     */
    ProgressMeter(
        final PrintWriter err, final String verb, final long total, final boolean summary, final boolean drawBar,
        final LongSupplier nanoClock)
    {
        this.err = err;
        this.verb = verb;
        this.total = total;
        this.summary = summary;
        this.drawBar = drawBar;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    void update(final long done)
    {
        if (!drawBar)
        {
            return;
        }
        final long now = nanoClock.getAsLong();
        if (now - start < QUIET_NANOS || now - lastDraw < REDRAW_NANOS)
        {
            return;
        }
        lastDraw = now;
        drawn = true;
        final double seconds = (now - start) / 1e9;
        final double rate = done / seconds;
        final StringBuilder line = new StringBuilder(100).append('\r').append(verb).append(' ');
        if (total > 0)
        {
            final double fraction = Math.min(1.0, (double)done / total);
            final int filled = (int)(fraction * BAR_WIDTH);
            line.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
                .append(String.format(Locale.ROOT, "%3.0f%% ", fraction * 100));
        }
        line.append(String.format(Locale.ROOT, "%d records, %s/s", done, human(rate)));
        if (total > 0 && rate > 0)
        {
            final long eta = (long)(Math.max(0, total - done) / rate);
            line.append(String.format(Locale.ROOT, ", ETA %d:%02d", eta / 60, eta % 60));
        }
        err.print(line.append("   "));
        err.flush();
    }

    /** Clears the bar and prints the summary line. */
    void finish(final long records)
    {
        final double seconds = (nanoClock.getAsLong() - start) / 1e9;
        if (drawn)
        {
            err.print('\r' + " ".repeat(100) + '\r');
        }
        if (summary)
        {
            err.println(String.format(Locale.ROOT, "%s %d records in %.3f s (%.0f records/s)",
                verb, records, seconds, seconds > 0 ? records / seconds : 0.0));
        }
        err.flush();
    }

    private static String human(final double rate)
    {
        if (rate >= 1e6)
        {
            return String.format(Locale.ROOT, "%.2fM", rate / 1e6);
        }
        if (rate >= 1e3)
        {
            return String.format(Locale.ROOT, "%.1fk", rate / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", rate);
    }
}
