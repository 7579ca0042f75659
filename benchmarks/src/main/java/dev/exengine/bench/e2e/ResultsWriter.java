package dev.exengine.bench.e2e;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a sweep's results: one {@code .hgrm} per step and for the floor (microseconds), {@code summary.json}
 * (docs/OUTPUT-FORMATS.md), {@code latency.html} (self-contained, inline SVG) and {@code latency.png} (the same
 * drawing); the JSON, the page and the plot each carry the run's conditions.
 */
final class ResultsWriter
{
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};
    /** Every engine process gets them (bin/jvm-flags.sh); a plot leaves them out, summary.json lists them. */
    private static final List<String> MODULE_FLAGS = List.of("--add-opens", "--add-exports");
    private static final int FOOTER_LINE_CHARS = 170;

    private ResultsWriter()
    {
    }

    static void write(final Path directory, final String title, final String command, final RunConditions conditions,
        final List<StepResult> steps, final StepResult floor, final long sustainable, final List<String> notes)
        throws IOException
    {
        Files.createDirectories(directory);
        for (final StepResult step : steps)
        {
            hgrm(directory.resolve(step.name + ".hgrm"), step);
        }
        hgrm(directory.resolve(floor.name + ".hgrm"), floor);
        try (Writer writer = Files.newBufferedWriter(directory.resolve("summary.json"), StandardCharsets.UTF_8))
        {
            json(writer, command, conditions, steps, floor, sustainable, notes);
        }

        final PercentilePlot plot = new PercentilePlot(title, footer(conditions), steps, floor);
        final PlotCanvas.Svg svg = new PlotCanvas.Svg(PercentilePlot.WIDTH, plot.height());
        plot.draw(svg);
        Files.writeString(directory.resolve("latency.html"), html(title, command, conditions, svg.markup(), steps,
            floor, sustainable, notes), StandardCharsets.UTF_8);
        final PlotCanvas.Image image = new PlotCanvas.Image(PercentilePlot.WIDTH, plot.height());
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

    private static void json(final Writer writer, final String command, final RunConditions conditions,
        final List<StepResult> steps, final StepResult floor, final long sustainable, final List<String> notes)
        throws IOException
    {
        try (JsonGenerator json = new JsonFactory().createGenerator(writer).useDefaultPrettyPrinter())
        {
            json.writeStartObject();
            json.writeStringField("command", command);
            json.writeStringField("version", conditions.version());
            json.writeStringField("commit", conditions.commit());
            json.writeStringField("startedAt", conditions.startedAt().toString());
            json.writeObjectFieldStart("machine");
            json.writeNumberField("cores", Runtime.getRuntime().availableProcessors());
            json.writeStringField("cpu", cpuModel());
            json.writeStringField("jdk", System.getProperty("java.vm.name") + " " +
                System.getProperty("java.runtime.version"));
            json.writeStringField("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
            loadAverage(json, "loadAverageBefore", conditions.before());
            loadAverage(json, "loadAverageAfter", conditions.after());
            json.writeEndObject();
            json.writeArrayFieldStart("jvmFlags");
            for (final String flag : conditions.jvmFlags())
            {
                json.writeString(flag);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("server");
            json.writeStringField("connectedTo", conditions.connectedTo());
            if (conditions.configuration() == null)
            {
                json.writeNullField("configuration");
            }
            else
            {
                json.writeObjectFieldStart("configuration");
                for (final Map.Entry<String, String> setting : conditions.configuration().entrySet())
                {
                    json.writeStringField(setting.getKey(), setting.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeStringField("latencyUnit", "microseconds");
            json.writeFieldName("floor");
            step(json, floor);
            json.writeArrayFieldStart("steps");
            for (final StepResult step : steps)
            {
                step(json, step);
            }
            json.writeEndArray();
            json.writeNumberField("sustainableRate", sustainable);
            json.writeArrayFieldStart("notes");
            for (final String note : notes)
            {
                json.writeString(note);
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }

    private static void loadAverage(final JsonGenerator json, final String name, final RunConditions.LoadAverage load)
        throws IOException
    {
        json.writeArrayFieldStart(name);
        for (final Double value : load.values())
        {
            if (value == null)
            {
                json.writeNull();
            }
            else
            {
                json.writeNumber(round(value, 2));
            }
        }
        json.writeEndArray();
    }

    private static void step(final JsonGenerator json, final StepResult s) throws IOException
    {
        json.writeStartObject();
        json.writeStringField("name", s.name);
        json.writeNumberField("offeredRate", s.offeredRate);
        json.writeNumberField("connections", s.connections);
        json.writeNumberField("scheduled", s.scheduled);
        json.writeNumberField("measuredScheduled", s.measuredScheduled);
        json.writeNumberField("sent", s.sent);
        json.writeNumberField("answered", s.answered);
        json.writeNumberField("measured", s.measured);
        json.writeNumberField("rejected", s.rejected);
        json.writeNumberField("canceled", s.canceled);
        json.writeBooleanField("drained", s.drained);
        json.writeNumberField("achievedRate", Math.round(s.achievedRate));
        for (final double p : PERCENTILES)
        {
            json.writeNumberField("p" + label(p), round(s.percentileMicros(p), 3));
        }
        json.writeNumberField("max", round(s.maxMicros(), 3));
        json.writeEndObject();
    }

    /** The run's conditions as a plot shows them, in lines short enough for its width. */
    private static List<String> footer(final RunConditions conditions)
    {
        final List<String> lines = new ArrayList<>();
        wrap("exengine " + conditions.version() + ", commit " + conditions.commit() + ", started " +
            conditions.startedAt().truncatedTo(ChronoUnit.SECONDS) + ", load average (1, 5, 15 min) " +
            conditions.before() + " before, " + conditions.after() + " after", lines);
        final StringBuilder server = new StringBuilder("server: ");
        if (conditions.configuration() == null)
        {
            server.append("running at ").append(conditions.connectedTo()).append(", configuration unknown");
        }
        else
        {
            conditions.configuration().forEach((key, value) -> server.append(key).append('=').append(value).append(' '));
        }
        wrap(server.toString().trim(), lines);
        final StringBuilder jvm = new StringBuilder("JVM: ");
        for (final String flag : conditions.jvmFlags())
        {
            if (MODULE_FLAGS.stream().noneMatch(flag::startsWith))
            {
                jvm.append(flag).append(' ');
            }
        }
        wrap(jvm.append("(and the --add-opens/--add-exports of bin/jvm-flags.sh)").toString(), lines);
        return lines;
    }

    private static void wrap(final String text, final List<String> lines)
    {
        int start = 0;
        while (text.length() - start > FOOTER_LINE_CHARS)
        {
            final int space = text.lastIndexOf(' ', start + FOOTER_LINE_CHARS);
            final int end = space > start ? space : start + FOOTER_LINE_CHARS;
            lines.add(text.substring(start, end));
            start = space > start ? end + 1 : end;
        }
        lines.add(text.substring(start));
    }

    private static String html(final String title, final String command, final RunConditions conditions,
        final String svg, final List<StepResult> steps, final StepResult floor, final long sustainable,
        final List<String> notes)
    {
        final StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
            .append("</title>\n<style>body{font-family:sans-serif;margin:24px}table{border-collapse:collapse}" +
                "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}</style></head><body>\n");
        html.append("<h2>").append(escape(title)).append("</h2>\n<p><code>").append(escape(command))
            .append("</code><br>").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
            .append(escape(cpuModel())).append(", ").append(escape(System.getProperty("java.vm.name"))).append(' ')
            .append(escape(System.getProperty("java.runtime.version"))).append("<br>exengine ")
            .append(escape(conditions.version())).append(", commit <code>").append(escape(conditions.commit()))
            .append("</code>, started ").append(conditions.startedAt()).append(", load average (1, 5, 15 min) ")
            .append(conditions.before()).append(" before, ").append(conditions.after()).append(" after<br>JVM: <code>")
            .append(escape(String.join(" ", conditions.jvmFlags()))).append("</code><br>server: <code>");
        if (conditions.configuration() == null)
        {
            html.append("running at ").append(escape(conditions.connectedTo())).append(", configuration unknown");
        }
        else
        {
            conditions.configuration().forEach((key, value) ->
                html.append(escape(key)).append('=').append(escape(value)).append(' '));
        }
        html.append("</code></p>\n").append(svg);
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
            html.append("<li>").append(escape(note)).append("</li>");
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

    private static String label(final double percentile)
    {
        return String.format(Locale.ROOT, "%s", percentile == Math.rint(percentile) ?
            Long.toString((long)percentile) : Double.toString(percentile)).replace('.', '_');
    }

    private static double round(final double value, final int decimals)
    {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
