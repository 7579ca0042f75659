package dev.exengine.protocol.feed;

import org.agrona.DirectBuffer;

/**
 * Receives feed messages one at a time, each a whole SBE message (header and block). The buffer is only valid during
 * the call.
 */
@FunctionalInterface
public interface FeedSink
{
    void onMessage(DirectBuffer buffer, int offset, int length);
}
