package dev.exengine.testsupport;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * After each test, checks that none of the engine's or the gateway's threads (every one is named {@code exengine-...})
 * is still running: whatever a test starts, it must close. A thread gets a few seconds to finish its way out (a ring's
 * consumer ends after its halt returns), then the test fails naming the threads left and what each is doing.
 * Registered for every test of a module that has this on its test class path (JUnit's extension autodetection, which
 * the build turns on).
 */
public final class NoThreadLeftBehind implements AfterEachCallback
{
    /** The prefix of every thread the engine, the gateway and the node start. */
    public static final String PREFIX = "exengine-";
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Override
    public void afterEach(final ExtensionContext context) throws InterruptedException
    {
        final long deadline = System.nanoTime() + GRACE_NANOS;
        List<Thread> left = running();
        while (!left.isEmpty() && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
            left = running();
        }
        if (!left.isEmpty())
        {
            throw new AssertionError(context.getDisplayName() + " left threads running: " + left.stream()
                .map(thread -> thread.getName() + " " + thread.getState() + " at " + top(thread))
                .collect(Collectors.joining("; ")));
        }
    }

    private static List<Thread> running()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.isAlive() && thread.getName().startsWith(PREFIX))
            .collect(Collectors.toList());
    }

    private static String top(final Thread thread)
    {
        final StackTraceElement[] stack = thread.getStackTrace();
        return stack.length == 0 ? "?" : stack[0].toString();
    }
}
