package dev.exengine.metrics;

/**
 * The one metric two components count into: commands rejected, by the engine's business rules ({@code
 * source="engine"}) and by the gateway before they reach the engine ({@code source="gateway"}), each series written by
 * its own component's thread.
 */
public final class Rejects
{
    public static final Metric METRIC = Metric.counter("exengine_rejects",
        "Commands rejected, by where (engine: the business rules; gateway: authorization, rate limits, decoding, a " +
        "busy or halted engine) and why", "source", "reason");

    private Rejects()
    {
    }
}
