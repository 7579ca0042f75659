package dev.exengine.server.monitoring;

import dev.exengine.metrics.CountersFile;
import dev.exengine.metrics.MetricCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountersHealthTest
{
    private static final long START = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void shouldCallANodeWhoseHeartbeatStoppedNotLive()
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile file = CountersFile.create(path, 64, START))
        {
            new NodeMetrics(file.counters()).update(report(List.of()), 0, 0, START);
            file.heartbeat(START);

            assertEquals(HealthVerdict.READY, CountersHealth.probe(path, false, 5_000, START + 5_000).exitCode());
            final HealthVerdict stale = CountersHealth.probe(path, true, 5_000, START + 7_500);
            assertEquals(HealthVerdict.NOT_READY, stale.exitCode());
            assertEquals(List.of("not live: the node (process " + ProcessHandle.current().pid() + ") has not written " +
                "its heartbeat for 7.5 s (it does every second): it hangs, or it was killed without closing"),
                stale.lines());
        }
    }

    @Test
    void shouldNameEachReasonAndTellReadinessFromLiveness()
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile file = CountersFile.create(path, 64, START))
        {
            new NodeMetrics(file.counters()).update(report(List.of(
                new HealthReport.Finding(Problem.NOT_ACCEPTING, "no"),
                new HealthReport.Finding(Problem.JOURNAL_NOT_WRITABLE, "full"))), 0, 0, START);
            file.heartbeat(START);

            final HealthVerdict ready = CountersHealth.probe(path, false, 5_000, START);
            assertEquals(HealthVerdict.NOT_READY, ready.exitCode());
            assertEquals("not ready", ready.lines().get(0));
            assertEquals(List.of("NOT_ACCEPTING: " + Problem.NOT_ACCEPTING.description(),
                "JOURNAL_NOT_WRITABLE: " + Problem.JOURNAL_NOT_WRITABLE.description()),
                ready.lines().subList(2, 4));
            assertEquals(HealthVerdict.READY, CountersHealth.probe(path, true, 5_000, START).exitCode(),
                "alive all the same");
        }
    }

    @Test
    void shouldNotReadAFileWithoutTheNodesHealthAsHealthy()
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile file = CountersFile.create(path, 64, START))
        {
            file.heartbeat(START);
            final HealthVerdict verdict = CountersHealth.probe(path, false, 5_000, START);
            assertEquals(HealthVerdict.UNKNOWN, verdict.exitCode());
            assertTrue(verdict.lines().get(0).contains("holds no health counters"), verdict.lines().toString());
        }
    }

    @Test
    void shouldSayUnknownForAFileThatIsNotACountersFile() throws Exception
    {
        final Path path = Files.write(dir.resolve("counters.dat"), new byte[4096]);
        Files.write(path, "not a counters file, but long enough to have a header of one".repeat(10).getBytes());
        final HealthVerdict verdict = CountersHealth.probe(path, false, 5_000, START);
        assertEquals(HealthVerdict.UNKNOWN, verdict.exitCode());
        assertTrue(verdict.lines().get(0).contains("is not an exengine counters file"), verdict.lines().toString());
        assertEquals(MetricCounters.DEFAULT_CAPACITY, Monitoring.CAPACITY);
    }

    private static HealthReport report(final List<HealthReport.Finding> findings)
    {
        return new HealthReport("RUNNING", null, 8, 0, 0, findings);
    }
}
