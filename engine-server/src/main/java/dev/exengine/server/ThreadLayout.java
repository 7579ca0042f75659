package dev.exengine.server;

import dev.exengine.journal.DurabilityMode;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.pipeline.config.WaitProfile;

/**
 * Whether the gateway and the engine share a thread (configuration key {@code threads}).
 *
 * <p>Sharing, the gateway's thread journals, applies and answers a command in the duty cycle that read it: one
 * thread woken per order instead of two, which is what a round trip costs on a small machine, where waking an idle
 * thread takes tens of microseconds. Apart, the engine runs as {@code pipeline} and {@code wait} say, beside the
 * gateway: more throughput where there are cores for both, and the only way to run the SERIAL or PARALLEL pipeline,
 * replicated durability, or engine threads busy-spinning on cores of their own.
 */
public enum ThreadLayout
{
    /**
     * {@link #SHARED} where it can run and costs no capacity (INLINE pipeline, durability MEMORY or PROCESS, wait not
     * LOW_LATENCY), else {@link #SEPARATE}. The default.
     */
    AUTO,
    /** The gateway's thread runs the engine too: INLINE pipeline only, not with replicated durability. */
    SHARED,
    /** The engine on threads of its own. */
    SEPARATE;

    /**
     * What {@link #AUTO} comes to for this pipeline, durability and wait profile; the others as they are.
     *
     * <p>Not with FSYNC durability: the shared thread would read no socket while each segment is forced (about a
     * millisecond), and on a 2-core machine it sustained half the orders the engine's own thread did (50,000 against
     * 100,000/s offered), for a lower round trip below that (BENCHMARKS.md, 2026-12-07 02:24). Not busy-spinning
     * (LOW_LATENCY): that profile is for engine threads on cores of their own.
     */
    public ThreadLayout resolve(final PipelineMode pipeline, final DurabilityMode durability, final WaitProfile wait)
    {
        if (this != AUTO)
        {
            return this;
        }
        return sharable(pipeline, durability) == null && durability != DurabilityMode.FSYNC &&
            wait != WaitProfile.LOW_LATENCY ? SHARED : SEPARATE;
    }

    /**
     * @return null when the gateway and an engine of this pipeline and durability can share a thread, otherwise why
     * not.
     */
    public static String sharable(final PipelineMode pipeline, final DurabilityMode durability)
    {
        if (pipeline != PipelineMode.INLINE)
        {
            return "the shared thread runs the INLINE pipeline only (journal, then logic, then replies, in one duty " +
                "cycle), not " + pipeline;
        }
        if (durability == DurabilityMode.REPLICATED)
        {
            return "with replicated durability the shared thread would wait a network round trip to the standby for " +
                "every batch, serving no client meanwhile";
        }
        return null;
    }
}
