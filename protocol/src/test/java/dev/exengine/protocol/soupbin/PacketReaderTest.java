package dev.exengine.protocol.soupbin;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PacketReaderTest
{
    private final PacketReader reader = new PacketReader(100);
    private final List<String> packets = new ArrayList<>();
    private final PacketHandler recorder = (type, buffer, offset, length) ->
    {
        final byte[] payload = new byte[length];
        buffer.getBytes(offset, payload);
        packets.add((char)type + new String(payload));
        return true;
    };

    @Test
    void shouldFrameSeveralPacketsInOneRead()
    {
        receive(0, 3, 'U', 'h', 'i', 0, 1, 'R', 0, 2, '+', 'x');
        assertEquals(3, reader.dispatch(recorder));
        assertEquals(List.of("Uhi", "R", "+x"), packets);
        assertEquals(0, reader.pending());
    }

    @Test
    void shouldWaitForTheRestOfATruncatedPacket()
    {
        receive(0, 4, 'U', 'a');
        assertEquals(0, reader.dispatch(recorder));
        receive('b');
        assertEquals(0, reader.dispatch(recorder));
        receive('c', 0);
        assertEquals(1, reader.dispatch(recorder));
        assertEquals(List.of("Uabc"), packets);
        assertEquals(1, reader.pending(), "half a length field stays buffered");
    }

    @Test
    void shouldReportZeroLengthAsFramingError()
    {
        receive(0, 0, 'U');
        assertEquals(PacketReader.FRAMING_ERROR, reader.dispatch(recorder));
    }

    @Test
    void shouldReportLengthAboveMaximumAsFramingError()
    {
        receive(0, 101, 'U');
        assertEquals(PacketReader.FRAMING_ERROR, reader.dispatch(recorder));
        assertTrue(packets.isEmpty());
    }

    @Test
    void shouldStopWhereTheHandlerAsksAndResumeLater()
    {
        receive(0, 1, 'L', 0, 1, 'R');
        assertEquals(1, reader.dispatch((type, buffer, offset, length) -> false));
        assertEquals(1, reader.dispatch(recorder));
        assertEquals(List.of("R"), packets);
    }

    @Test
    void shouldPadAndParseFieldsAsTheSpecSays()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[20]);
        SoupBinTcp.putNumeric(buffer, 0, 20, 42);
        assertEquals("                  42", buffer.getStringWithoutLengthAscii(0, 20));
        assertEquals(42, SoupBinTcp.getNumeric(buffer, 0, 20));
        SoupBinTcp.putAlpha(buffer, 0, 6, "bob");
        assertEquals("bob   ", buffer.getStringWithoutLengthAscii(0, 6));
        assertEquals("bob", SoupBinTcp.getAlpha(buffer, 0, 6));
        buffer.putStringWithoutLengthAscii(0, "1 2 ");
        assertEquals(-1, SoupBinTcp.getNumeric(buffer, 0, 4), "a space inside a number is not a number");
        buffer.putStringWithoutLengthAscii(0, "    ");
        assertEquals(-1, SoupBinTcp.getNumeric(buffer, 0, 4), "a blank number is not a number");
        buffer.putStringWithoutLengthAscii(0, "00000000000000000042");
        assertEquals(42, SoupBinTcp.getNumeric(buffer, 0, 20), "zero-padded to the field's width");
        buffer.putStringWithoutLengthAscii(0, " 9223372036854775807");
        assertEquals(Long.MAX_VALUE, SoupBinTcp.getNumeric(buffer, 0, 20));
        buffer.putStringWithoutLengthAscii(0, " 9223372036854775808");
        assertEquals(Long.MAX_VALUE, SoupBinTcp.getNumeric(buffer, 0, 20), "beyond a long: as far as a long goes");
        buffer.putStringWithoutLengthAscii(0, "99999999999999999999");
        assertEquals(Long.MAX_VALUE, SoupBinTcp.getNumeric(buffer, 0, 20), "the largest the field holds");
        buffer.putStringWithoutLengthAscii(0, "9999999999999999999x");
        assertEquals(-1, SoupBinTcp.getNumeric(buffer, 0, 20), "digits to the end, also past a long");
        buffer.putStringWithoutLengthAscii(0, "00000000000000000000");
        assertEquals(0, SoupBinTcp.getNumeric(buffer, 0, 20));
    }

    private void receive(final int... bytes)
    {
        for (final int b : bytes)
        {
            reader.receiveBuffer().put((byte)b);
        }
    }
}
