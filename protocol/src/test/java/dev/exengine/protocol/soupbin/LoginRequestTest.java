package dev.exengine.protocol.soupbin;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LoginRequestTest
{
    /** The bytes docs/PROTOCOL.md shows in "3. Worked examples": the demo's alice, from sequence number 1. */
    static final String LOGIN_REQUEST_HEX =
        "00 2f 4c 61 6c 69 63 65 20 61 6c 69 63 65 2d 64 65 6d 6f 20 20 20 20 20 20 20 20 20 20 20 20 20 20 " +
        "20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 31";
    /** The answer: replay starts at 1, the number asked for, however many messages are stored. */
    static final String LOGIN_ACCEPTED_HEX =
        "00 1f 41 30 30 4d 58 31 49 42 35 48 46 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 31";

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);

    @Test
    void shouldEncodeTheDocumentedLoginRequest()
    {
        final int length = PacketWriter.loginRequest(buffer, 0,
            new LoginRequest().username("alice").password("alice-demo").requestedSession("")
                .requestedSequenceNumber(1));
        assertEquals(3 + 46, length);
        assertEquals(LOGIN_REQUEST_HEX, hex(length));
    }

    @Test
    void shouldEncodeTheDocumentedLoginAccepted()
    {
        final int length = PacketWriter.loginAccepted(buffer, 0, "00MX1IB5HF", 1);
        assertEquals(3 + 30, length);
        assertEquals(LOGIN_ACCEPTED_HEX, hex(length));
    }

    @Test
    void shouldMatchTheDumpsInProtocolDoc() throws java.io.IOException
    {
        final String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "PROTOCOL.md"));
        assertTrue(doc.contains("\n" + LOGIN_REQUEST_HEX + "\n"), "PROTOCOL.md's Login Request dump is stale");
        assertTrue(doc.contains("\n" + LOGIN_ACCEPTED_HEX + "\n"), "PROTOCOL.md's Login Accepted dump is stale");
    }

    @Test
    void shouldDecodeBothLoginForms()
    {
        final LoginRequest request = new LoginRequest().username("bob").password("pw").requestedSession("S1")
            .requestedSequenceNumber(77);
        final int v3 = request.encode(buffer, 0);
        assertEquals(SoupBinTcp.LOGIN_REQUEST_LENGTH, v3);
        final LoginRequest decoded = new LoginRequest();
        assertTrue(decoded.decode(buffer, 0, v3));
        assertEquals("bob", decoded.username());
        assertEquals("pw", decoded.password());
        assertEquals("S1", decoded.requestedSession());
        assertEquals(77, decoded.requestedSequenceNumber());
        assertEquals(0, decoded.heartbeatTimeoutMillis());

        final int v4 = request.heartbeatTimeoutMillis(5000).encode(buffer, 0);
        assertEquals(SoupBinTcp.LOGIN_REQUEST_V4_LENGTH, v4);
        assertTrue(decoded.decode(buffer, 0, v4));
        assertEquals(5000, decoded.heartbeatTimeoutMillis());
    }

    @Test
    void shouldRefuseOtherLengths()
    {
        final int length = new LoginRequest().username("bob").password("pw").encode(buffer, 0);
        final LoginRequest decoded = new LoginRequest();
        assertFalse(decoded.decode(buffer, 0, length - 1));
        assertFalse(decoded.decode(buffer, 0, SoupBinTcp.LOGIN_REQUEST_V4_LENGTH + 1));
    }

    @Test
    void shouldTellANumberThatDoesNotReadFromABlankTimeout()
    {
        final int length = new LoginRequest().username("bob").password("pw").heartbeatTimeoutMillis(500)
            .encode(buffer, 0);
        final LoginRequest decoded = new LoginRequest();
        buffer.putStringWithoutLengthAscii(length - SoupBinTcp.HEARTBEAT_TIMEOUT_LENGTH, "     ");
        assertTrue(decoded.decode(buffer, 0, length));
        assertTrue(decoded.numbersReadable());
        assertEquals(0, decoded.heartbeatTimeoutMillis(), "blank: the server's default");

        buffer.putStringWithoutLengthAscii(length - SoupBinTcp.HEARTBEAT_TIMEOUT_LENGTH, " 5x0 ");
        assertTrue(decoded.decode(buffer, 0, length));
        assertFalse(decoded.numbersReadable());

        buffer.putStringWithoutLengthAscii(length - SoupBinTcp.HEARTBEAT_TIMEOUT_LENGTH, "  500");
        buffer.putByte(length - SoupBinTcp.HEARTBEAT_TIMEOUT_LENGTH - 1, (byte)'x');
        assertTrue(decoded.decode(buffer, 0, length));
        assertFalse(decoded.numbersReadable(), "a sequence number that is not one");
    }

    private String hex(final int length)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", buffer.getByte(i) & 0xFF));
        }
        return sb.toString();
    }
}
