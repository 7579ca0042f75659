package dev.exengine.pipeline;

import dev.exengine.core.event.Event;
import dev.exengine.core.port.EngineOutput;

import java.util.List;

/**
 * The registered {@link EngineOutput}s, each given every released event in turn. An output that throws is reported
 * and skipped for that event; the others still get it. Allocates nothing per event.
 */
final class Outputs
{
    private final EngineOutput[] outputs;
    private final Failures failures;

    Outputs(final List<EngineOutput> outputs, final Failures failures)
    {
        this.outputs = outputs.toArray(new EngineOutput[0]);
        this.failures = failures;
    }

    void deliver(final Event event, final long origin)
    {
        for (final EngineOutput output : outputs)
        {
            try
            {
                output.onEvent(event, origin);
            }
            catch (final RuntimeException ex)
            {
                failures.onFailure("output " + output + " failed on " + event, ex);
            }
        }
    }

    void batchEnd()
    {
        for (final EngineOutput output : outputs)
        {
            try
            {
                output.onBatchEnd();
            }
            catch (final RuntimeException ex)
            {
                failures.onFailure("output " + output + " failed at the end of a batch", ex);
            }
        }
    }
}
