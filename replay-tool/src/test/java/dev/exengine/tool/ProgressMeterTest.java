package dev.exengine.tool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressMeterTest
{
    private final StringWriter err = new StringWriter();
    private long now = 1_000;

    @Test
    void shouldDrawTheBarOnceTheWorkTakesLongerThanTwoSecondsAndClearItAtTheEnd()
    {
        final ProgressMeter meter = new ProgressMeter(new PrintWriter(err), "verify: verified", 1_000, true, true,
            () -> now);
        now += TimeUnit.MILLISECONDS.toNanos(1_999);
        meter.update(100);
        assertEquals("", err.toString(), "quiet for the first two seconds");
        now += TimeUnit.MILLISECONDS.toNanos(1);
        meter.update(250);
        assertEquals("\rverify: verified [#######.......................]  25% 250 records, 125/s, ETA 0:06   ",
            err.toString());
        now += TimeUnit.SECONDS.toNanos(2);
        meter.finish(1_000);
        assertTrue(err.toString().endsWith("\r" + " ".repeat(100) + "\rverify: verified 1000 records in 4.000 s " +
            "(250 records/s)\n"), err.toString());
    }

    @Test
    void shouldPrintOnlyTheSummaryWhenNotDrawing()
    {
        final ProgressMeter meter = new ProgressMeter(new PrintWriter(err), "info: counted", 10, true, false,
            () -> now);
        now += TimeUnit.SECONDS.toNanos(5);
        meter.update(5);
        meter.finish(10);
        assertEquals("info: counted 10 records in 5.000 s (2 records/s)\n", err.toString());
    }

    @Test
    void shouldTakeOnlyATerminalDeviceForATerminal(@TempDir final Path links) throws IOException
    {
        assertTrue(ProgressMode.isTerminal(Files.createSymbolicLink(links.resolve("pts"), Path.of("/dev/pts/3"))));
        assertTrue(ProgressMode.isTerminal(Files.createSymbolicLink(links.resolve("tty"), Path.of("/dev/tty1"))));
        assertFalse(ProgressMode.isTerminal(Files.createSymbolicLink(links.resolve("pipe"), Path.of("pipe:[4242]"))));
        assertFalse(ProgressMode.isTerminal(Files.createSymbolicLink(links.resolve("file"), links.resolve("out.log"))));
        assertFalse(ProgressMode.isTerminal(Files.createFile(links.resolve("not-a-link"))));
        assertFalse(ProgressMode.isTerminal(links.resolve("missing")));
        assertTrue(ProgressMode.always.draws());
        assertFalse(ProgressMode.never.draws());
    }
}
