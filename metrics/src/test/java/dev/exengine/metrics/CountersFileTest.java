package dev.exengine.metrics;

import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountersFileTest
{
    private static final Metric COMMANDS = Metric.counter("test_commands", "commands", "type");
    private static final Metric SESSIONS = Metric.gauge("test_sessions", "sessions");

    @TempDir
    Path dir;

    @Test
    void shouldShowAReaderTheWritersCountersLiveWithTheirSeriesAsLabels()
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile file = CountersFile.create(path, 64, 1_000))
        {
            final AtomicCounter orders = file.counters().counter(COMMANDS, "NEW_ORDER");
            final AtomicCounter sessions = file.counters().counter(SESSIONS);
            final CountersFileReader reader = CountersFileReader.open(path);
            orders.incrementOpaque();
            orders.incrementOpaque();
            sessions.setOpaque(7);
            file.heartbeat(5_000);

            assertEquals(List.of(
                new CountersFileReader.CounterValue(0, MetricKind.COUNTER, "test_commands_total{type=\"NEW_ORDER\"}", 2),
                new CountersFileReader.CounterValue(1, MetricKind.GAUGE, "test_sessions", 7)), reader.counters());
            assertEquals(ProcessHandle.current().pid(), reader.pid());
            assertEquals(1_000, reader.startMillis());
            assertEquals(5_000, reader.heartbeatMillis());
            assertFalse(reader.isClosed());
            assertTrue(reader.isCurrent());

            orders.incrementOpaque();
            assertEquals(3, reader.counters().get(0).value());
        }
    }

    @Test
    void shouldKeepTheLastValuesAndSayClosedOnceTheWriterCloses()
    {
        final Path path = dir.resolve("counters.dat");
        final CountersFile file = CountersFile.create(path, 64, 1_000);
        file.counters().counter(SESSIONS).setOpaque(3);
        file.close();

        final CountersFileReader reader = CountersFileReader.open(path);
        assertTrue(reader.isClosed());
        assertEquals(3, reader.counters().get(0).value());
    }

    @Test
    void shouldRefuseASecondWriterWhileTheFirstHoldsTheFile()
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile first = CountersFile.create(path, 64, 1_000))
        {
            first.counters().counter(SESSIONS).setOpaque(3);
            final IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> CountersFile.create(path, 64, 2_000));
            assertTrue(refused.getMessage().contains("another node is running") &&
                refused.getMessage().contains("process " + ProcessHandle.current().pid()), refused.getMessage());
            assertEquals(3, CountersFileReader.open(path).counters().get(0).value(), "the first file is untouched");
        }
    }

    @Test
    void shouldTakeOverAFileAnEarlierRunLeftAndTellItsReadersToLookAgain() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        final CountersFile first = CountersFile.create(path, 64, 1_000);
        first.counters().counter(SESSIONS).setOpaque(3);
        first.close();
        final CountersFileReader earlier = CountersFileReader.open(path);

        try (CountersFile second = CountersFile.create(path, 32, 2_000))
        {
            second.counters().counter(COMMANDS, "CANCEL_ORDER");
            assertFalse(earlier.isCurrent());
            final CountersFileReader now = CountersFileReader.open(path);
            assertEquals(2_000, now.startMillis());
            assertFalse(now.isClosed());
            assertEquals(List.of("test_commands_total{type=\"CANCEL_ORDER\"}"),
                now.counters().stream().map(CountersFileReader.CounterValue::label).toList());
            assertEquals(CountersLayout.fileLength(32), Files.size(path));
        }
    }

    @Test
    void shouldRefuseToReadAFileOfAnotherLayoutVersion() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        CountersFile.create(path, 16, 1_000).close();
        overwriteInt(path, CountersLayout.VERSION_OFFSET, CountersLayout.VERSION + 1);

        final CountersFileException refused =
            assertThrows(CountersFileException.class, () -> CountersFileReader.open(path));
        assertEquals(CountersFileException.Problem.OTHER_LAYOUT, refused.problem());
        assertTrue(refused.getMessage().contains("layout version " + (CountersLayout.VERSION + 1)),
            refused.getMessage());
    }

    @Test
    void shouldRefuseToReadAFileWhoseLengthItsHeaderDoesNotAccountFor() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        CountersFile.create(path, 16, 1_000).close();
        overwriteInt(path, CountersLayout.CAPACITY_OFFSET, 17);

        final CountersFileException refused =
            assertThrows(CountersFileException.class, () -> CountersFileReader.open(path));
        assertEquals(CountersFileException.Problem.OTHER_LAYOUT, refused.problem());
        assertTrue(refused.getMessage().contains("capacity 17"), refused.getMessage());
    }

    @Test
    void shouldRefuseToReadAFileThatIsNotACountersFile() throws IOException
    {
        final Path path = Files.write(dir.resolve("counters.dat"), new byte[4096]);
        Files.writeString(path, "not counters at all, but long enough to hold a header ".repeat(10));

        final CountersFileException refused =
            assertThrows(CountersFileException.class, () -> CountersFileReader.open(path));
        assertEquals(CountersFileException.Problem.NOT_COUNTERS, refused.problem());
        assertTrue(refused.getMessage().contains("not an exengine counters file"), refused.getMessage());
    }

    @Test
    void shouldSayWhenThereIsNoFileOrItIsStillBeingCreated() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        assertEquals(CountersFileException.Problem.MISSING,
            assertThrows(CountersFileException.class, () -> CountersFileReader.open(path)).problem());
        Files.createFile(path);
        assertEquals(CountersFileException.Problem.BEING_WRITTEN,
            assertThrows(CountersFileException.class, () -> CountersFileReader.open(path)).problem());
    }

    @Test
    void shouldReplaceAFileOfAnotherLayoutWhenANodeStarts() throws IOException
    {
        final Path path = Files.writeString(dir.resolve("counters.dat"), "something else entirely");
        try (CountersFile file = CountersFile.create(path, 16, 1_000))
        {
            file.counters().counter(SESSIONS).setOpaque(1);
            assertEquals(1, CountersFileReader.open(path).counters().get(0).value());
        }
    }

    @Test
    void shouldSayWhyItCannotCreateTheFile() throws IOException
    {
        final Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        final java.io.UncheckedIOException failed = assertThrows(java.io.UncheckedIOException.class,
            () -> CountersFile.create(notADirectory.resolve("counters.dat"), 16, 1_000));
        assertTrue(failed.getMessage().startsWith("cannot write the counters file " +
            notADirectory.resolve("counters.dat")), failed.getMessage());
    }

    private static void overwriteInt(final Path path, final int offset, final int value) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(path);
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).putInt(offset, value);
        Files.write(path, bytes);
    }
}
