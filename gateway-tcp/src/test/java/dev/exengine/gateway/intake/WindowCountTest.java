package dev.exengine.gateway.intake;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowCountTest
{
    private final WindowCount count = new WindowCount();

    @Test
    void shouldExceedOnTheOneBeyondTheMaximumWithinTheWindow()
    {
        for (int i = 0; i < 3; i++)
        {
            assertFalse(count.exceeds(1_000 + i, 3, 100));
        }
        assertTrue(count.exceeds(1_099, 3, 100));
    }

    @Test
    void shouldStartAWindowWithTheFirstOneAfterTheLastWindowEnded()
    {
        assertFalse(count.exceeds(1_000, 1, 100));
        assertFalse(count.exceeds(1_100, 1, 100), "the window of the first has ended");
        assertTrue(count.exceeds(1_199, 1, 100), "one window since 1,100");
        assertFalse(count.exceeds(5_000, 1, 100));
    }

    @Test
    void shouldForgetEverythingAtAReset()
    {
        assertFalse(count.exceeds(1_000, 1, 100));
        count.reset();
        assertFalse(count.exceeds(1_001, 1, 100));
        assertTrue(count.exceeds(1_002, 1, 100));
    }

    @Test
    void shouldExceedOnTheFirstWhenNoneIsAllowed()
    {
        assertTrue(count.exceeds(0, 0, 100));
    }
}
