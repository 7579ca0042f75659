package dev.exengine.bench;

import dev.exengine.core.event.Event;
import dev.exengine.core.port.EngineOutput;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the commands whose first event an engine (a member's, or the single node's) delivered, by journal sequence,
 * as a gateway would answer them; read from the benchmark's thread.
 */
final class ClusterAnswers implements EngineOutput
{
    final AtomicLong answered = new AtomicLong();
    private long lastSequence = -1;

    @Override
    public void onEvent(final Event event, final long origin)
    {
        if (event.sequence() != lastSequence)
        {
            lastSequence = event.sequence();
            answered.lazySet(answered.get() + 1);
        }
    }
}
