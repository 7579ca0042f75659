package dev.exengine.bench.e2e;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

/**
 * The latency percentile curves of a sweep: x is the percentile on a log scale of 1 / (1 - p), from 0 to 99.999 %,
 * y the latency in microseconds on a log scale; one curve per rate and one (black, dashed look by width) for the raw
 * TCP floor; below, the run's conditions (build, server configuration, JVM flags, load average), so that a plot
 * that travels alone still says what it measured. Drawn on any {@link PlotCanvas}.
 */
final class PercentilePlot
{
    static final int WIDTH = 1200;
    private static final int CURVES_HEIGHT = 640;
    private static final int FOOTER_LINE_HEIGHT = 15;
    private static final double NINES = 5;
    private static final double LEFT = 80;
    private static final double RIGHT = WIDTH - 390;
    private static final double TOP = 50;
    private static final double BOTTOM = CURVES_HEIGHT - 60;
    private static final Color GRID = new Color(225, 225, 225);
    private static final Color AXIS = new Color(60, 60, 60);
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(44, 160, 44), new Color(255, 127, 14), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(23, 190, 207),
        new Color(188, 189, 34), new Color(127, 127, 127)};

    private final String title;
    private final List<String> footer;
    private final List<StepResult> steps;
    private final StepResult floor;
    private final double minDecade;
    private final double maxDecade;

    /** @param footer lines of text under the curves. */
    PercentilePlot(final String title, final List<String> footer, final List<StepResult> steps, final StepResult floor)
    {
        this.title = title;
        this.footer = footer;
        this.steps = steps;
        this.floor = floor;
        double min = floor.histogram.getMinValue();
        double max = floor.histogram.getMaxValue();
        for (final StepResult step : steps)
        {
            if (step.histogram.getTotalCount() > 0)
            {
                min = Math.min(min, step.histogram.getMinValue());
                max = Math.max(max, step.histogram.getMaxValue());
            }
        }
        minDecade = Math.floor(Math.log10(Math.max(1, min / 1000.0)));
        maxDecade = Math.max(minDecade + 1, Math.ceil(Math.log10(Math.max(1, max / 1000.0))));
    }

    void draw(final PlotCanvas canvas)
    {
        canvas.text(LEFT, 24, title, 15, PlotCanvas.Anchor.START, AXIS);
        final String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
        for (int n = 0; n <= NINES; n++)
        {
            final double x = x(n);
            canvas.line(x, TOP, x, BOTTOM, GRID, 1);
            canvas.text(x, BOTTOM + 18, labels[n], 12, PlotCanvas.Anchor.MIDDLE, AXIS);
        }
        for (double decade = minDecade; decade <= maxDecade; decade++)
        {
            final double y = y(Math.pow(10, decade));
            canvas.line(LEFT, y, RIGHT, y, GRID, 1);
            canvas.text(LEFT - 8, y + 4, micros(Math.pow(10, decade)), 12, PlotCanvas.Anchor.END, AXIS);
            for (int m = 2; m < 10 && decade < maxDecade; m++)
            {
                final double minor = y(m * Math.pow(10, decade));
                canvas.line(LEFT - 4, minor, LEFT, minor, AXIS, 1);
            }
        }
        canvas.line(LEFT, TOP, LEFT, BOTTOM, AXIS, 1.2f);
        canvas.line(LEFT, BOTTOM, RIGHT, BOTTOM, AXIS, 1.2f);
        canvas.text((LEFT + RIGHT) / 2, BOTTOM + 42, "percentile (log scale of 1/(1-p))", 13,
            PlotCanvas.Anchor.MIDDLE, AXIS);
        canvas.text(LEFT - 8, TOP - 12, "latency (µs, log)", 13, PlotCanvas.Anchor.START, AXIS);

        double legendY = TOP + 10;
        canvas.text(RIGHT + 20, legendY, "offered rate: p50 / p99 / p99.9 µs", 12, PlotCanvas.Anchor.START, AXIS);
        for (int i = 0; i < steps.size(); i++)
        {
            legendY += 22;
            curve(canvas, steps.get(i), PALETTE[i % PALETTE.length], 2f, legendY);
        }
        legendY += 22;
        curve(canvas, floor, Color.BLACK, 3f, legendY);
        for (int i = 0; i < footer.size(); i++)
        {
            canvas.text(LEFT - 60, CURVES_HEIGHT + i * FOOTER_LINE_HEIGHT, footer.get(i), 11, PlotCanvas.Anchor.START,
                AXIS);
        }
    }

    int height()
    {
        return CURVES_HEIGHT + footer.size() * FOOTER_LINE_HEIGHT;
    }

    private void curve(final PlotCanvas canvas, final StepResult step, final Color color, final float width,
        final double legendY)
    {
        final Histogram histogram = step.histogram;
        canvas.line(RIGHT + 20, legendY - 4, RIGHT + 44, legendY - 4, color, width);
        canvas.text(RIGHT + 50, legendY, String.format(Locale.ROOT, "%s: %s / %s / %s", step.name,
            micros(step.percentileMicros(50)), micros(step.percentileMicros(99)), micros(step.percentileMicros(99.9))),
            12, PlotCanvas.Anchor.START, color);
        if (histogram.getTotalCount() == 0)
        {
            return;
        }
        final int capacity = 4096;
        final double[] xs = new double[capacity];
        final double[] ys = new double[capacity];
        int count = 0;
        xs[count] = x(0);
        ys[count++] = y(histogram.getMinValue() / 1000.0);
        for (final HistogramIterationValue value : histogram.percentiles(10))
        {
            final double percentile = value.getPercentileLevelIteratedTo();
            if (percentile >= 100 - Math.pow(10, 2 - NINES) || count >= capacity - 1)
            {
                break;
            }
            xs[count] = x(-Math.log10(1 - percentile / 100));
            ys[count++] = y(histogram.highestEquivalentValue(value.getValueIteratedTo()) / 1000.0);
        }
        xs[count] = x(NINES);
        ys[count++] = y(histogram.getValueAtPercentile(100 - Math.pow(10, 2 - NINES)) / 1000.0);
        canvas.polyline(xs, ys, count, color, width);
    }

    private static double x(final double nines)
    {
        return LEFT + (RIGHT - LEFT) * Math.min(NINES, nines) / NINES;
    }

    private double y(final double micros)
    {
        final double decade = Math.log10(Math.max(micros, Math.pow(10, minDecade)));
        return BOTTOM - (BOTTOM - TOP) * (decade - minDecade) / (maxDecade - minDecade);
    }

    static String micros(final double micros)
    {
        if (micros >= 1000)
        {
            return String.format(Locale.ROOT, "%,.0f", micros);
        }
        return micros >= 10 ? String.format(Locale.ROOT, "%.0f", micros) : String.format(Locale.ROOT, "%.1f", micros);
    }
}
