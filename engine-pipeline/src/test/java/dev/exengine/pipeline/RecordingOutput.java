package dev.exengine.pipeline;

import dev.exengine.core.event.Event;
import dev.exengine.core.port.EngineOutput;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Keeps the canonical text of every event the engine releases, and lets a test wait for one.
 */
final class RecordingOutput implements EngineOutput
{
    private final List<String> events = new ArrayList<>();
    private final List<Long> sequences = new ArrayList<>();

    @Override
    public synchronized void onEvent(final Event event, final long origin)
    {
        events.add(event.toString());
        sequences.add(event.sequence());
        notifyAll();
    }

    synchronized List<String> events()
    {
        return List.copyOf(events);
    }

    synchronized List<Long> sequences()
    {
        return List.copyOf(sequences);
    }

    /**
     * Waits up to 30 s (a guard against hangs, not a timing assertion) for an event matching the predicate.
     */
    synchronized String await(final Predicate<String> predicate) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int checked = 0;
        while (true)
        {
            for (; checked < events.size(); checked++)
            {
                if (predicate.test(events.get(checked)))
                {
                    return events.get(checked);
                }
            }
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                throw new AssertionError("no matching event within 30 s; got " + events.size() + " events");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
