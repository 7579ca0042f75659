package dev.exengine.gateway.login;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginThrottleTest
{
    @Test
    void shouldRefuseAddressAfterTooManyFailuresUntilWindowPasses()
    {
        final LoginThrottle throttle = new LoginThrottle(3, 1_000, 100);
        for (int i = 0; i < 3; i++)
        {
            assertTrue(throttle.allows("10.0.0.1", 0));
            throttle.onFailure("10.0.0.1", i);
        }
        assertFalse(throttle.allows("10.0.0.1", 500));
        assertTrue(throttle.allows("10.0.0.2", 500), "other addresses are not affected");
        assertTrue(throttle.allows("10.0.0.1", 1_000));
    }
}
