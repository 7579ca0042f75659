package dev.exengine.bench.e2e;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.exengine.journal.ProductVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny run of the harness (one connection, one half-second step at 1k/s): files written, counts add up. */
class EndToEndBenchTest
{
    private static final String AWKWARD = "a \"quoted\", back\\slashed\nline\tand \u0001 control";

    @TempDir
    Path results;

    @Test
    void shouldWriteResultsWhoseCountsAddUpWithTheRunsConditions() throws Exception
    {
        System.setProperty("java.awt.headless", "true");
        final CommandLine commandLine = EndToEndBench.commandLine();
        commandLine.parseArgs("--connections", "1", "--rates", "1_000", "--warmup", "0.1", "--measure", "0.5",
            "--drain", "10", "--p99-limit-us", "1e9", "--results", results.toString(), "--set", "wait=balanced");
        final EndToEndBench bench = commandLine.getCommand();

        final EndToEndBench.Sweep sweep = EndToEndBench.run(bench.options, "engine-bench " + AWKWARD);

        assertEquals(1, sweep.steps().size());
        for (final StepResult step : new StepResult[]{sweep.steps().get(0), sweep.floor()})
        {
            assertEquals(600, step.scheduled);
            assertEquals(500, step.measuredScheduled);
            assertEquals(step.scheduled, step.sent);
            assertEquals(step.sent, step.answered, step.name);
            assertEquals(step.measuredScheduled, step.measured, step.name);
            assertEquals(step.measured, step.histogram.getTotalCount(), step.name);
            assertEquals(0, step.rejected, step.name);
            assertTrue(step.drained, step.name);
        }
        assertEquals(600, sweep.steps().get(0).canceled, "every IOC remainder canceled");
        for (final String file : new String[]{"engine-1000.hgrm", "tcp-floor-1000.hgrm", "summary.json",
            "latency.html", "latency.png"})
        {
            assertTrue(Files.size(results.resolve(file)) > 0, file);
        }

        final Map<?, ?> summary = (Map<?, ?>)read(Files.readString(results.resolve("summary.json")));
        assertEquals("engine-bench " + AWKWARD, summary.get("command"));
        assertEquals(ProductVersion.commit(), summary.get("commit"));
        final Map<?, ?> configuration = (Map<?, ?>)((Map<?, ?>)summary.get("server")).get("configuration");
        // A --set key must be a server key (an unknown one stops the run); the awkward text travels in the command.
        assertEquals("balanced", configuration.get("wait"));
        assertEquals("PROCESS", configuration.get("durability"));
        assertTrue(((List<?>)summary.get("jvmFlags")).size() > 0, summary.toString());
        assertEquals(3, ((List<?>)((Map<?, ?>)summary.get("machine")).get("loadAverageBefore")).size());
        assertEquals(1000L, ((Map<?, ?>)((List<?>)summary.get("steps")).get(0)).get("offeredRate"));
        assertEquals(1000L, ((Map<?, ?>)summary.get("floor")).get("offeredRate"));
        assertTrue(summary.containsKey("sustainableRate"), summary.toString());

        final String html = Files.readString(results.resolve("latency.html"));
        assertTrue(html.contains("<svg") && html.contains("commit <code>" + ProductVersion.commit()) &&
            html.contains("durability=PROCESS"), html);
    }

    @Test
    void shouldDescribeEveryOptionAndRefuseWhatDoesNotRun()
    {
        final StringWriter help = new StringWriter();
        final CommandLine commandLine = EndToEndBench.commandLine();
        commandLine.setOut(new PrintWriter(help));
        assertEquals(0, commandLine.execute("--help"));
        for (final String option : new String[] {"--connections", "--threads", "--rates", "--warmup", "--measure",
            "--drain", "--floor-rate", "--p99-limit-us", "--min-achieved", "--results", "--connect", "--set",
            "--version"})
        {
            assertTrue(help.toString().contains(option), option + " in\n" + help);
        }
        final CommandLine quiet = EndToEndBench.commandLine();
        quiet.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, quiet.execute("--rates", "0"));
        assertEquals(2, quiet.execute("--connections", "0"));
        assertEquals(2, quiet.execute("--connect", "nowhere"));
        assertEquals(2, quiet.execute("--bogus"));
    }

    /** A JSON value as maps, lists, strings, longs, doubles, booleans and nulls, read by jackson-core's parser. */
    private static Object read(final String json) throws IOException
    {
        try (JsonParser parser = new JsonFactory().createParser(json))
        {
            parser.nextToken();
            return value(parser);
        }
    }

    private static Object value(final JsonParser parser) throws IOException
    {
        final JsonToken token = parser.currentToken();
        switch (token)
        {
            case START_OBJECT ->
            {
                final Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, value(parser));
                }
                return object;
            }
            case START_ARRAY ->
            {
                final List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY)
                {
                    array.add(value(parser));
                }
                return array;
            }
            case VALUE_STRING ->
            {
                return parser.getText();
            }
            case VALUE_NUMBER_INT ->
            {
                return parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT ->
            {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE ->
            {
                return parser.getBooleanValue();
            }
            case VALUE_NULL ->
            {
                return null;
            }
            default -> throw new IllegalStateException("unexpected " + token);
        }
    }
}
