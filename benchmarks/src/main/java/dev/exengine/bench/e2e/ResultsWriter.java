package dev.exengine.bench.e2e;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes a sweep's results: one {@code .hgrm} per step and for the floor (microseconds), {@code summary.json},
 * {@code latency.html} (self-contained, inline SVG) and {@code latency.png} (the same drawing).
 */
final class ResultsWriter
{
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    private ResultsWriter()
    {
    }

    static void write(final Path directory, final String title, final String command, final List<StepResult> steps,
        final StepResult floor, final long sustainable, final List<String> notes, final double loadBefore)
        throws IOException
    {
        Files.createDirectories(directory);
        for (final StepResult step : steps)
        {
            hgrm(directory.resolve(step.name + ".hgrm"), step);
        }
        hgrm(directory.resolve(floor.name + ".hgrm"), floor);
        Files.writeString(directory.resolve("summary.json"),
            json(command, steps, floor, sustainable, notes, loadBefore), StandardCharsets.UTF_8);

        final PercentilePlot plot = new PercentilePlot(title, steps, floor);
        final PlotCanvas.Svg svg = new PlotCanvas.Svg(PercentilePlot.WIDTH, PercentilePlot.HEIGHT);
        plot.draw(svg);
        Files.writeString(directory.resolve("latency.html"), html(title, command, svg.markup(), steps, floor,
            sustainable, notes), StandardCharsets.UTF_8);
        final PlotCanvas.Image image = new PlotCanvas.Image(PercentilePlot.WIDTH, PercentilePlot.HEIGHT);
        plot.draw(image);
        ImageIO.write(image.image(), "png", directory.resolve("latency.png").toFile());
    }

    private static void hgrm(final Path file, final StepResult step) throws IOException
    {
        try (PrintStream print = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            step.histogram.outputPercentileDistribution(print, 1000.0);
        }
    }

    private static String json(final String command, final List<StepResult> steps, final StepResult floor,
        final long sustainable, final List<String> notes, final double loadBefore)
    {
        final StringBuilder json = new StringBuilder("{\n");
        json.append("  \"command\": ").append(quote(command)).append(",\n");
        json.append("  \"machine\": {\"cores\": ").append(Runtime.getRuntime().availableProcessors())
            .append(", \"cpu\": ").append(quote(cpuModel()))
            .append(", \"jdk\": ").append(quote(System.getProperty("java.vm.name") + " " +
                System.getProperty("java.runtime.version")))
            .append(", \"os\": ").append(quote(System.getProperty("os.name") + " " + System.getProperty("os.version")))
            .append(String.format(Locale.ROOT, ", \"loadAverageBefore\": %.2f, \"loadAverageAfter\": %.2f},%n",
                loadBefore, loadAverage()));
        json.append("  \"latencyUnit\": \"microseconds\",\n");
        json.append("  \"floor\": ").append(step(floor)).append(",\n");
        json.append("  \"steps\": [\n");
        for (int i = 0; i < steps.size(); i++)
        {
            json.append("    ").append(step(steps.get(i))).append(i + 1 < steps.size() ? ",\n" : "\n");
        }
        json.append("  ],\n");
        json.append("  \"sustainableRate\": ").append(sustainable).append(",\n");
        json.append("  \"notes\": [");
        for (int i = 0; i < notes.size(); i++)
        {
            json.append(i > 0 ? ", " : "").append(quote(notes.get(i)));
        }
        return json.append("]\n}\n").toString();
    }

    private static String step(final StepResult s)
    {
        final StringBuilder json = new StringBuilder();
        json.append(String.format(Locale.ROOT, "{\"name\": %s, \"offeredRate\": %d, \"connections\": %d, " +
                "\"scheduled\": %d, \"measuredScheduled\": %d, \"sent\": %d, \"answered\": %d, \"measured\": %d, " +
                "\"rejected\": %d, \"canceled\": %d, \"drained\": %b, \"achievedRate\": %.0f",
            quote(s.name), s.offeredRate, s.connections, s.scheduled, s.measuredScheduled, s.sent, s.answered,
            s.measured, s.rejected, s.canceled, s.drained, s.achievedRate));
        for (final double p : PERCENTILES)
        {
            json.append(String.format(Locale.ROOT, ", \"p%s\": %.3f", label(p), s.percentileMicros(p)));
        }
        return json.append(String.format(Locale.ROOT, ", \"max\": %.3f}", s.maxMicros())).toString();
    }

    private static String html(final String title, final String command, final String svg,
        final List<StepResult> steps, final StepResult floor, final long sustainable, final List<String> notes)
    {
        final StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(title)
            .append("</title>\n<style>body{font-family:sans-serif;margin:24px}table{border-collapse:collapse}" +
                "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}</style></head><body>\n");
        html.append("<h2>").append(title).append("</h2>\n<p><code>").append(command).append("</code><br>")
            .append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(cpuModel()).append(", ")
            .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
            .append("</p>\n").append(svg);
        html.append("<table><tr><th>step</th><th>offered/s</th><th>achieved/s</th><th>measured</th><th>rejected" +
            "</th><th>p50 µs</th><th>p99 µs</th><th>p99.9 µs</th><th>p99.99 µs</th><th>max µs</th></tr>\n");
        final List<StepResult> rows = new ArrayList<>(steps);
        rows.add(floor);
        for (final StepResult s : rows)
        {
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%,d</td><td>%,.0f</td><td>%,d</td><td>%d</td>" +
                    "<td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td></tr>%n", s.name, s.offeredRate,
                s.achievedRate, s.measured, s.rejected, s.percentileMicros(50), s.percentileMicros(99),
                s.percentileMicros(99.9), s.percentileMicros(99.99), s.maxMicros()));
        }
        html.append("</table>\n<p>Sustainable rate: <b>").append(String.format(Locale.ROOT, "%,d", sustainable))
            .append(" orders/s</b></p>\n<ul>");
        for (final String note : notes)
        {
            html.append("<li>").append(note).append("</li>");
        }
        return html.append("</ul>\n</body></html>\n").toString();
    }

    static String cpuModel()
    {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo")))
        {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown");
        }
        catch (final IOException | RuntimeException ex)
        {
            return "unknown";
        }
    }

    static double loadAverage()
    {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String label(final double percentile)
    {
        return String.format(Locale.ROOT, "%s", percentile == Math.rint(percentile) ?
            Long.toString((long)percentile) : Double.toString(percentile)).replace('.', '_');
    }

    private static String quote(final String text)
    {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
