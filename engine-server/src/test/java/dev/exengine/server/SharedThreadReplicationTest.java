package dev.exengine.server;

/**
 * Every test of {@link ReplicationTest} with each engine on its gateway's thread (configuration
 * {@code threads = SHARED}); a primary of replicated durability keeps threads of its own, which SHARED does not run.
 */
class SharedThreadReplicationTest extends ReplicationTest
{
    @Override
    boolean sharedThreads()
    {
        return true;
    }
}
