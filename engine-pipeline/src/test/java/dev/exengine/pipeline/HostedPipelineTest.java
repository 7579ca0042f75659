package dev.exengine.pipeline;

import dev.exengine.core.event.Event;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.journal.JournalReader;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.replay.JournalReplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostedPipelineTest
{
    @TempDir
    Path data;

    @Test
    void shouldJournalApplyAndReleaseOnlyInTheHostsDutyCycleOnTheHostsThread() throws Exception
    {
        final ThreadsSeen threads = new ThreadsSeen();
        final RecordingOutput events = new RecordingOutput();
        final long hash;
        try (Engine engine = Engine.start(hosted(), threads, events))
        {
            final HostedPipeline pipeline = engine.hostedPipeline();
            assertNotNull(pipeline);
            assertFalse(hasEngineThread(), "a hosted engine starts no thread of its own");
            final long sent = EngineTest.submitFlow(engine, 7, 300);
            assertTrue(pipeline.hasBacklog());
            assertEquals(0, engine.durableJournalSequence(), "nothing is journaled before the host runs it");
            assertEquals(List.of(), events.events());

            int consumed = 0;
            while (pipeline.hasBacklog())
            {
                consumed += pipeline.doWork();
            }
            assertEquals(sent, consumed);
            assertEquals(sent, engine.durableJournalSequence());
            events.await(event -> event.contains("sequence=" + sent + " "));
            assertEquals(Set.of(Thread.currentThread().getName()), threads.names());
            hash = engine.shutdown();
        }
        final List<String> replayed = new ArrayList<>();
        final long replayHash = JournalReplay.of(data.resolve("journal"))
            .listener(event -> replayed.add(event.toString())).run().logic().stateHash();
        assertEquals(events.events(), replayed, "the hosted run released what its journal replays to");
        assertEquals(hash, replayHash);
    }

    @Test
    void shouldWakeTheHostAfterEveryPublish()
    {
        try (Engine engine = Engine.start(hosted()))
        {
            final AtomicInteger wakeUps = new AtomicInteger();
            engine.hostedPipeline().wakeHostWith(wakeUps::incrementAndGet);
            EngineTest.submitFlow(engine, 7, 5);
            assertEquals(SubmitResult.ACCEPTED, engine.requestSnapshot());
            assertEquals(6, wakeUps.get());
        }
    }

    @Test
    void shouldDrainWhatTheHostLeftAtTheCloseAndRunNoMoreAfterIt() throws Exception
    {
        final HostedPipeline pipeline;
        try (Engine engine = Engine.start(hosted()))
        {
            pipeline = engine.hostedPipeline();
            EngineTest.submitFlow(engine, 7, 40);
            // The host is another thread, alive through the close as the gateway's is: the closer takes the journal
            // over from it (Chronicle's appender refuses a second thread while the first one lives).
            final CountDownLatch worked = new CountDownLatch(1);
            final CountDownLatch closed = new CountDownLatch(1);
            final Thread host = new Thread(() ->
            {
                pipeline.doWork();
                worked.countDown();
                awaitQuietly(closed);
            }, "host");
            host.start();
            worked.await();
            EngineTest.submitFlow(engine, 8, 60);
            engine.shutdown();
            closed.countDown();
            host.join();
            assertEquals(0, engine.failureCount(), "the closer wrote the journal after the host's thread had");
            assertFalse(pipeline.hasBacklog());
            assertEquals(0, pipeline.doWork(), "the host's cycles do nothing once the engine closed");
            assertEquals(SubmitResult.CLOSED, engine.submit(1, new CommandFlow(9).next(new dev.exengine.core.command.Command())));
        }
        try (JournalReader reader = JournalReader.open(data.resolve("journal")))
        {
            assertEquals(100, reader.lastSequence());
        }
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void shouldHaltWhenThePipelineThrowsAndPassOverTheSlot() throws Exception
    {
        final EngineOutput failing = new EngineOutput()
        {
            @Override
            public void onEvent(final Event event, final long origin)
            {
            }

            @Override
            public void onBatchEnd()
            {
                throw new OutOfMemoryError("simulated");
            }
        };
        try (Engine engine = Engine.start(hosted(), failing))
        {
            final HostedPipeline pipeline = engine.hostedPipeline();
            EngineTest.submitFlow(engine, 7, 3);
            while (pipeline.hasBacklog())
            {
                pipeline.doWork();
            }
            assertTrue(engine.isHalted());
            assertEquals(SubmitResult.HALTED, engine.requestSnapshot());
        }
    }

    @Test
    void shouldRefuseToHostAPipelineOtherThanInlineOrReplicatedDurability()
    {
        final IllegalArgumentException serial = assertThrows(IllegalArgumentException.class,
            () -> hosted().pipelineMode(PipelineMode.SERIAL).validate());
        assertTrue(serial.getMessage().contains("runs the INLINE pipeline, not SERIAL"), serial.getMessage());
        final IllegalArgumentException replicated = assertThrows(IllegalArgumentException.class,
            () -> hosted().durabilityMode(DurabilityMode.REPLICATED).replicationGate(() -> 0).validate());
        assertTrue(replicated.getMessage().contains("does not run replicated durability"), replicated.getMessage());
    }

    @Test
    void shouldHaveNoHostedPipelineWhenTheEngineRunsItsOwnThreads()
    {
        try (Engine engine = Engine.start(new EngineConfig().dataDirectory(data).snapshotEveryCommands(0)))
        {
            assertNull(engine.hostedPipeline());
        }
    }

    private EngineConfig hosted()
    {
        return new EngineConfig().dataDirectory(data).snapshotEveryCommands(0).hosted(true);
    }

    private static boolean hasEngineThread()
    {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("exengine-input"));
    }

    /** The names of the threads events were released on. */
    private static final class ThreadsSeen implements EngineOutput
    {
        private final Set<String> names = new HashSet<>();

        @Override
        public synchronized void onEvent(final Event event, final long origin)
        {
            names.add(Thread.currentThread().getName());
        }

        synchronized Set<String> names()
        {
            return Set.copyOf(names);
        }
    }
}
