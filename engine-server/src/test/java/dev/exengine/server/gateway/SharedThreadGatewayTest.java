package dev.exengine.server.gateway;

/** Every test of {@link GatewayTest} with the engine on the gateway's thread (configuration {@code threads = SHARED}). */
class SharedThreadGatewayTest extends GatewayTest
{
    @Override
    boolean sharedThread()
    {
        return true;
    }
}
