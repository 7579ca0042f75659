package dev.exengine.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Collects what a reader delivers, copying the payloads. */
final class RecordingHandler implements JournalRecordHandler
{
    record Seen(long sequence, long timestamp, long origin, String payload)
    {
    }

    final List<Seen> seen = new ArrayList<>();

    @Override
    public void onRecord(
        final long sequence, final long timestamp, final long origin, final ByteBuffer buffer, final int offset,
        final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        seen.add(new Seen(sequence, timestamp, origin, new String(bytes, StandardCharsets.US_ASCII)));
    }

    List<Long> sequences()
    {
        return seen.stream().map(Seen::sequence).toList();
    }

    static RecordingHandler readAll(final JournalReader reader)
    {
        return readAll(reader, new RecordingHandler());
    }

    static RecordingHandler readAll(final JournalReader reader, final RecordingHandler handler)
    {
        int delivered;
        do
        {
            delivered = reader.poll(handler, 100);
        }
        while (delivered > 0);
        return handler;
    }
}
