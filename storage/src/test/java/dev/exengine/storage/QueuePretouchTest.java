package dev.exengine.storage;

import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

class QueuePretouchTest
{
    private static final long AHEAD = 64 * 1024;
    private static final long PAGES_AHEAD = AHEAD / QueuePretouch.PAGE_SIZE;
    private static final BooleanSupplier RUNNING = () -> true;
    private static final String THREAD_NAME = "exengine-test-pretouch";

    @TempDir
    Path dir;

    @Test
    void shouldTouchNothingBeforeTheWriterHasACycleFile()
    {
        try (SingleChronicleQueue queue = queue("empty"))
        {
            final QueuePretouch pretouch = new QueuePretouch(queue, AHEAD);
            assertEquals(0, pretouch.touchAhead(RUNNING));
            pretouch.release();
        }
    }

    @Test
    void shouldKeepTheDistanceAheadOfTheWriterAndTouchEachPageOnce()
    {
        try (SingleChronicleQueue queue = queue("q"); ExcerptAppender appender = queue.createAppender())
        {
            append(appender, 1, 100);
            final QueuePretouch pretouch = new QueuePretouch(queue, AHEAD);
            final long first = pretouch.touchAhead(RUNNING);
            assertTrue(first == PAGES_AHEAD || first == PAGES_AHEAD + 1, "pages " + first);
            assertEquals(0, pretouch.touchAhead(RUNNING), "nothing new until the writer moves");

            append(appender, 10, 1_000);
            final long next = pretouch.touchAhead(RUNNING);
            assertTrue(next >= 2 && next <= 4, "about 10,000 bytes further: " + next + " pages");
            assertEquals(0, pretouch.touchAhead(() -> false), "a look ends when told to stop");
            pretouch.release();
        }
    }

    @Test
    void shouldHoldItsCycleFileOnceAndNotOncePerLook()
    {
        try (SingleChronicleQueue queue = queue("q"); ExcerptAppender appender = queue.createAppender())
        {
            append(appender, 1, 100);
            final QueuePretouch pretouch = new QueuePretouch(queue, AHEAD);
            assertTrue(pretouch.touchAhead(RUNNING) > 0);
            final int held = fileReservations(queue);
            for (int i = 0; i < 50; i++)
            {
                append(appender, 50, 100);
                assertTrue(pretouch.touchAhead(RUNNING) > 0, "every look touches a page or more");
            }
            assertEquals(held, fileReservations(queue), "a look that reserved the file would never release it");
            pretouch.release();
        }
    }

    @Test
    void shouldRefuseADistanceBelowAPageAndANonPositiveInterval()
    {
        try (SingleChronicleQueue queue = queue("q"))
        {
            assertThrows(IllegalArgumentException.class, () -> new QueuePretouch(queue, QueuePretouch.PAGE_SIZE - 1));
            final List<QueuePretouch> queues = List.of(new QueuePretouch(queue, AHEAD));
            assertThrows(IllegalArgumentException.class, () -> PretouchThread.start(THREAD_NAME, queues, 0));
            assertFalse(threadAlive());
        }
    }

    @Test
    void shouldTouchEveryQueueOnItsThreadAndLetGoOfThemWhenClosed() throws InterruptedException
    {
        try (SingleChronicleQueue first = queue("first"); SingleChronicleQueue second = queue("second");
            ExcerptAppender firstAppender = first.createAppender();
            ExcerptAppender secondAppender = second.createAppender())
        {
            append(firstAppender, 1, 100);
            append(secondAppender, 1, 100);
            try (PretouchThread thread = PretouchThread.start(THREAD_NAME,
                List.of(new QueuePretouch(first, AHEAD), new QueuePretouch(second, AHEAD)),
                TimeUnit.MILLISECONDS.toNanos(1)))
            {
                assertTrue(threadAlive());
                awaitTouched(thread, 2 * PAGES_AHEAD);
                append(firstAppender, 200, 100);
                append(secondAppender, 200, 100);
                awaitTouched(thread, 2 * PAGES_AHEAD + 8);
            }
            assertFalse(threadAlive(), "closed: stopped and joined");
        }
    }

    /** A look that fails ends the thread, with a warning: the writers go on and take their own page faults. */
    @Test
    void shouldStopItsThreadWhenALookFailsAndStillCloseCleanly() throws InterruptedException
    {
        final SingleChronicleQueue queue = queue("q");
        try (ExcerptAppender appender = queue.createAppender())
        {
            append(appender, 1, 100);
        }
        final PretouchThread thread = PretouchThread.start(THREAD_NAME, List.of(new QueuePretouch(queue, AHEAD)),
            TimeUnit.MILLISECONDS.toNanos(1));
        awaitTouched(thread, PAGES_AHEAD);
        queue.close();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (threadAlive() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertFalse(threadAlive(), "the look on a closed queue failed and ended the thread");
        thread.close();
    }

    private static void awaitTouched(final PretouchThread thread, final long pages) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.touchedPages() < pages && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertTrue(thread.touchedPages() >= pages, "touched " + thread.touchedPages() + " pages, not " + pages);
    }

    private SingleChronicleQueue queue(final String name)
    {
        return SingleChronicleQueueBuilder.binary(dir.resolve(name))
            .rollCycle(RollCycles.FAST_DAILY)
            .timeProvider(new SetTimeProvider(0))
            .build();
    }

    private static void append(final ExcerptAppender appender, final int documents, final int bytes)
    {
        for (int i = 0; i < documents; i++)
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                dc.wire().bytes().write(new byte[bytes]);
            }
        }
    }

    /** How many hold the queue's current cycle file now (its stores, views and mapped chunks), besides this look. */
    private static int fileReservations(final SingleChronicleQueue queue)
    {
        final SingleChronicleQueueStore store = queue.storeForCycle(queue.lastCycle(), queue.epoch(), false, null);
        try
        {
            final MappedBytes view = store.bytes();
            try
            {
                // Less this look's own store and view.
                return view.mappedFile().refCount() - 2;
            }
            finally
            {
                view.releaseLast();
            }
        }
        finally
        {
            queue.closeStore(store);
        }
    }

    private static boolean threadAlive()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .anyMatch(thread -> thread.getName().equals(THREAD_NAME) && thread.isAlive());
    }
}
