package dev.exengine.pipeline;

import java.util.concurrent.atomic.AtomicInteger;

/** The engine's failure reports for tests that build its parts without an engine. */
final class TestFailures
{
    private TestFailures()
    {
    }

    /** @return failures that fail the test where they happen. */
    static Failures throwing()
    {
        return new Failures()
        {
            @Override
            public void onFailure(final String what, final Throwable cause)
            {
                throw new AssertionError(what, cause);
            }

            @Override
            public void onHalt(final String what, final Throwable cause)
            {
                throw new AssertionError(what, cause);
            }
        };
    }

    /** @return failures counted here, for a test that expects them on another thread. */
    static Failures counting(final AtomicInteger count)
    {
        return new Failures()
        {
            @Override
            public void onFailure(final String what, final Throwable cause)
            {
                count.incrementAndGet();
            }

            @Override
            public void onHalt(final String what, final Throwable cause)
            {
                count.incrementAndGet();
            }
        };
    }
}
