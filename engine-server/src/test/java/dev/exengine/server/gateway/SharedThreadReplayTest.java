package dev.exengine.server.gateway;

/** Every test of {@link ReplayTest} with the engine on the gateway's thread (configuration {@code threads = SHARED}). */
class SharedThreadReplayTest extends ReplayTest
{
    @Override
    boolean sharedThread()
    {
        return true;
    }
}
