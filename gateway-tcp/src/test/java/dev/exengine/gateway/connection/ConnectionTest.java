package dev.exengine.gateway.connection;

import dev.exengine.gateway.intake.TokenBucket;
import dev.exengine.gateway.stream.OutboundStore;
import dev.exengine.gateway.user.User;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConnectionTest
{
    private static final int SEND_BUFFER = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void shouldGiveAConnectionItsSendBufferOnlyOnceItHasLoggedIn()
    {
        final Connection rejected = new Connection(null, "test", 1024, SEND_BUFFER, 0);
        assertEquals(Connection.PRE_LOGIN_SEND_BYTES, rejected.sendCapacity(), "a connection that never logs in");
        rejected.loginRejected(SoupBinTcp.REJECT_NOT_AUTHORIZED, 0);
        assertEquals(SoupBinTcp.HEADER_SIZE + SoupBinTcp.LOGIN_REJECTED_LENGTH, rejected.pendingBytes());

        final Connection accepted = new Connection(null, "test", 1024, SEND_BUFFER, 0);
        try (OutboundStore store = OutboundStore.open(dir))
        {
            accepted.loginAccepted(user(), store, "SESSION001", 1, 15_000, new TokenBucket(10, 10, 0), 0);
        }
        assertEquals(SEND_BUFFER, accepted.sendCapacity());
        assertEquals(SoupBinTcp.HEADER_SIZE + SoupBinTcp.LOGIN_ACCEPTED_LENGTH, accepted.pendingBytes());
    }

    private static User user()
    {
        return new User("alice", null, false, 1);
    }
}
