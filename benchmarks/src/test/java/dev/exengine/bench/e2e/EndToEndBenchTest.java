package dev.exengine.bench.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny run of the harness (one connection, one half-second step at 1k/s): files written, counts add up. */
class EndToEndBenchTest
{
    @TempDir
    Path results;

    @Test
    void shouldWriteResultsWhoseCountsAddUp() throws Exception
    {
        System.setProperty("java.awt.headless", "true");
        final BenchOptions options = BenchOptions.parse(new String[]{
            "--connections", "1", "--rates", "1000", "--warmup", "0.1", "--measure", "0.5", "--drain", "10",
            "--p99-limit-us", "1000000000", "--results", results.toString()});

        final EndToEndBench.Sweep sweep = EndToEndBench.run(options, "smoke");

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
        final String summary = Files.readString(results.resolve("summary.json"));
        assertTrue(summary.contains("\"sustainableRate\"") && summary.contains("\"engine-1000\""), summary);
        assertTrue(Files.readString(results.resolve("latency.html")).contains("<svg"));
    }
}
