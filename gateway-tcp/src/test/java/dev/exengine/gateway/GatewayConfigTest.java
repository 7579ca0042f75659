package dev.exengine.gateway;

import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.protocol.codec.OutboundEncoder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayConfigTest
{
    @Test
    void shouldRefuseAMaximumPacketLengthThatSomeEngineMessageWouldExceed()
    {
        final GatewayConfig config = new GatewayConfig().dataDirectory(Path.of("unused"))
            .users(UserDirectory.fromProperties(new Properties()));
        config.maxPacketLength(OutboundEncoder.MAX_MESSAGE_LENGTH + 1).validate();
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> config.maxPacketLength(OutboundEncoder.MAX_MESSAGE_LENGTH).validate());
        assertTrue(refused.getMessage().contains("maxPacketLength in [" + GatewayConfig.MIN_PACKET_LENGTH),
            refused.getMessage());
    }

    @Test
    void shouldRefuseAStreamPretouchDistanceBelowAPage()
    {
        final GatewayConfig config = new GatewayConfig().dataDirectory(Path.of("unused"))
            .users(UserDirectory.fromProperties(new Properties()));
        config.streamPretouchAhead(0).validate();
        config.streamPretouchAhead(4096).validate();
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> config.streamPretouchAhead(4095).validate());
        assertTrue(refused.getMessage().contains("streamPretouchAhead 0 or >= 4096"), refused.getMessage());
    }
}
