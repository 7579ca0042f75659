package dev.exengine.pipeline;

import dev.exengine.core.event.Event;
import dev.exengine.core.port.EngineOutput;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The primary's replicated release, on a standby the test drives: nothing leaves before the standby has its journal,
 * the logic leaves batches waiting while more commands come and waits only when none do, events leave in order, and a
 * wait given up releases nothing.
 */
class ReplicatedSinkTest
{
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicBoolean giveUp = new AtomicBoolean();
    private final List<Long> delivered = new ArrayList<>();
    private final List<Integer> batchEnds = new ArrayList<>();
    /** Each idle of the waiting logic: the standby acknowledges one more journal sequence. */
    private final IdleStrategy standbyAcknowledgesOneMorePerIdle = new IdleStrategy()
    {
        @Override
        public void idle(final int workCount)
        {
            idle();
        }

        @Override
        public void idle()
        {
            acknowledged.incrementAndGet();
        }

        @Override
        public void reset()
        {
        }
    };
    private final EventSink.Replicated sink = new EventSink.Replicated(new Outputs(List.of(new EngineOutput()
    {
        @Override
        public void onEvent(final Event event, final long origin)
        {
            delivered.add(event.sequence());
        }

        @Override
        public void onBatchEnd()
        {
            batchEnds.add(delivered.size());
        }
    }), TestFailures.throwing()), acknowledged::get, standbyAcknowledgesOneMorePerIdle, giveUp::get);
    private final Event event = new Event();

    @Test
    void leavesABatchWaitingWhileMoreCommandsComeAndReleasesItOnceAcknowledged()
    {
        take(1, 2);
        assertFalse(sink.endOfBatch(1, true), "more commands wait: the batch waits for the standby, the logic does not");
        assertEquals(List.of(), delivered);

        take(2);
        acknowledged.set(1);
        assertFalse(sink.endOfBatch(2, true));
        assertEquals(List.of(1L, 2L), delivered, "the first batch's journal is acknowledged: it leaves");

        acknowledged.set(2);
        take(3);
        assertTrue(sink.endOfBatch(3, false), "no more commands: the logic waits until the standby has them all");
        assertEquals(List.of(1L, 2L, 2L, 3L), delivered);
        assertEquals(3, acknowledged.get(), "it waited exactly until the standby had journal sequence 3");
    }

    @Test
    void waitsAtOnceWhenNoMoreCommandsCome()
    {
        take(7);
        assertTrue(sink.endOfBatch(4, false));
        assertEquals(List.of(7L), delivered);
        assertEquals(4, acknowledged.get());
    }

    @Test
    void keepsOrderAcrossManyWaitingBatchesAndGrowsItsCopies()
    {
        for (long command = 1; command <= 300; command++)
        {
            take(command, command, command);
            assertFalse(sink.endOfBatch(command, true));
        }
        assertEquals(List.of(), delivered);
        acknowledged.set(299);
        assertTrue(sink.endOfBatch(300, false));
        final List<Long> expected = new ArrayList<>();
        LongStream.rangeClosed(1, 300).forEach(command ->
        {
            expected.add(command);
            expected.add(command);
            expected.add(command);
        });
        assertEquals(expected, delivered);
    }

    @Test
    void waitsOnceItHoldsTheMostBatchesItMay()
    {
        for (long command = 1; command < EventSink.Replicated.MAX_WAITING_BATCHES; command++)
        {
            take(command);
            assertFalse(sink.endOfBatch(command, true));
        }
        take(EventSink.Replicated.MAX_WAITING_BATCHES);
        assertTrue(sink.endOfBatch(EventSink.Replicated.MAX_WAITING_BATCHES, true),
            "the last batch it may hold: more commands wait, but so does every batch it holds");
        assertEquals(EventSink.Replicated.MAX_WAITING_BATCHES, delivered.size());
    }

    @Test
    void releasesNothingOnceTheWaitIsGivenUp()
    {
        take(1);
        assertFalse(sink.endOfBatch(10, true));
        take(2);
        giveUp.set(true);
        assertThrows(IllegalStateException.class, () -> sink.endOfBatch(11, false));
        assertEquals(List.of(), delivered, "what waited is never released");
        assertEquals(List.of(), batchEnds);
    }

    @Test
    void aWaitingLogicIsWokenWhenTheGateAdvancesInsteadOfSleepingOn() throws InterruptedException
    {
        final IdleStrategy parksForAnHour = new IdleStrategy()
        {
            @Override
            public void idle(final int workCount)
            {
                idle();
            }

            @Override
            public void idle()
            {
                LockSupport.parkNanos(TimeUnit.HOURS.toNanos(1));
            }

            @Override
            public void reset()
            {
            }
        };
        final List<Long> released = new CopyOnWriteArrayList<>();
        final EventSink.Replicated waiting = new EventSink.Replicated(new Outputs(
            List.of((event, origin) -> released.add(event.sequence())), TestFailures.throwing()), acknowledged::get,
            parksForAnHour, giveUp::get);
        event.sequence(9);
        waiting.accept(event, 0, 9, EventSink.UNTIMED);
        final Thread logic = new Thread(() -> waiting.endOfBatch(5, false), "logic");
        logic.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (logic.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }

        acknowledged.set(5);
        waiting.wake();
        logic.join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(logic.isAlive(), "still parked: the gate's advance did not wake it");
        assertEquals(List.of(9L), released);
    }

    private void take(final long... sequences)
    {
        for (final long sequence : sequences)
        {
            event.sequence(sequence);
            sink.accept(event, 0, sequence, EventSink.UNTIMED);
        }
    }
}
