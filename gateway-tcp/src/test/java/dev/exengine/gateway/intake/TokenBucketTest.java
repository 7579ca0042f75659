package dev.exengine.gateway.intake;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TokenBucketTest
{
    @Test
    void shouldAllowBurstThenRefillAtRate()
    {
        final TokenBucket bucket = new TokenBucket(10, 3, 0);
        assertTrue(bucket.tryTake(0));
        assertTrue(bucket.tryTake(0));
        assertTrue(bucket.tryTake(0));
        assertFalse(bucket.tryTake(0));
        assertFalse(bucket.tryTake(99_999_999), "a token takes 100 ms at 10/s");
        assertTrue(bucket.tryTake(100_000_000));
        assertFalse(bucket.tryTake(100_000_000));
    }

    @Test
    void shouldNotSaveMoreThanTheBurstOverLongIdleTimes()
    {
        final TokenBucket bucket = new TokenBucket(1_000_000, 2, 0);
        final long later = Long.MAX_VALUE / 2;
        assertTrue(bucket.tryTake(later));
        assertTrue(bucket.tryTake(later));
        assertFalse(bucket.tryTake(later));
    }

    @Test
    void shouldCountWithoutOverflowAtTheLargestRateAndBurstAndRefuseMore()
    {
        final TokenBucket bucket = new TokenBucket(TokenBucket.MAX, TokenBucket.MAX, 0);
        assertTrue(bucket.tryTake(0));
        assertTrue(bucket.tryTake(Long.MAX_VALUE / 2), "a full bucket after a long idle time, not an overflow");
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(TokenBucket.MAX + 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, TokenBucket.MAX + 1, 0));
    }
}
