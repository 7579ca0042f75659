package dev.exengine.gateway.stream;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Run in a child JVM that the test kills: opens a user's stream store, says so, and appends numbered messages until it
 * is killed.
 */
public final class StreamWritingChild
{
    static final String OPEN = "OPEN";

    private StreamWritingChild()
    {
    }

    public static void main(final String[] args)
    {
        try (OutboundStore store = OutboundStore.open(Path.of(args[0])))
        {
            System.out.println(OPEN);
            System.out.flush();
            final UnsafeBuffer message = new UnsafeBuffer(new byte[40]);
            while (true)
            {
                message.putLong(0, store.nextSequence());
                store.append(message, 0, message.capacity());
            }
        }
    }
}
