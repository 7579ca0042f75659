package dev.exengine.gateway.stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's stream store whose writer is killed with SIGKILL at any moment: just after it created the store (while
 * Chronicle makes the cycle file, the window that once made every open wait 10 s and fail) and amid appends. Each
 * time the store opens, every message it counts reads back in order, and the next append continues the numbering.
 */
class OutboundStoreKillTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldOpenWholeAfterAKillAtAnyMoment() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(20261207);
        final UnsafeBuffer read = new UnsafeBuffer(new byte[256]);
        for (int round = 0; round < 12; round++)
        {
            final Path store = dir.resolve("store-" + round);
            // Half the kills within 15 ms of the open (the first message's cycle file), half amid appends.
            killWhileWriting(store, round % 2 == 0 ? random.nextInt(15) : random.nextInt(300));
            try (OutboundStore reopened = OutboundStore.open(store);
                 OutboundStore.Cursor cursor = reopened.cursor())
            {
                final long stored = reopened.nextSequence() - 1;
                long readBack = 0;
                if (cursor.seek(1))
                {
                    while (cursor.read(read, 0, read.capacity()) == 40)
                    {
                        readBack++;
                        assertEquals(readBack, read.getLong(0), "round " + round + ": message " + readBack);
                    }
                }
                assertEquals(stored, readBack, "round " + round + ": every message counted reads back");
                assertEquals(stored + 1, reopened.append(read, 0, 40), "round " + round + ": the numbering goes on");
            }
        }
    }

    private static void killWhileWriting(final Path store, final int afterMillis) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StreamWritingChild.class.getName());
        command.add(store.toString());
        final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try
        {
            final BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
            for (String line = out.readLine(); !StreamWritingChild.OPEN.equals(line); line = out.readLine())
            {
                assertTrue(line != null, "the child ended before it had the store open");
            }
            Thread.sleep(afterMillis);
        }
        finally
        {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child outlived SIGKILL");
        }
    }
}
