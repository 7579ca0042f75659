package dev.exengine.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of a process's threads by name: what one thread's work costs whatever the other threads take of the
 * machine's cores. On a host with fewer cores than busy threads, elapsed-time rates measure the sharing of the cores;
 * a thread's CPU time per command measures its own work, the figure a machine with a core per busy thread would run at.
 */
final class ThreadCpu
{
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu()
    {
    }

    /** @return for each prefix, the CPU time so far of the live threads whose names start with it ({@link #nanos}). */
    static long[] nanos(final String... prefixes)
    {
        final long[] each = new long[prefixes.length];
        for (int i = 0; i < prefixes.length; i++)
        {
            each[i] = nanos(prefixes[i]);
        }
        return each;
    }

    /**
     * @return each prefix's CPU nanoseconds per item between two readings of {@link #nanos(String...)}, as
     * "prefix N ns" pairs.
     */
    static String perItem(final String[] prefixes, final long[] before, final long[] after, final long items)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < prefixes.length; i++)
        {
            text.append(i == 0 ? "" : ", ").append(prefixes[i]).append(' ')
                .append(Math.round((after[i] - before[i]) / (double)items)).append(" ns");
        }
        return text.toString();
    }

    /** @return the CPU time so far, in nanoseconds, of the live threads whose names start with {@code prefix}. */
    static long nanos(final String prefix)
    {
        long total = 0;
        for (final ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds()))
        {
            if (info != null && info.getThreadName().startsWith(prefix))
            {
                final long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                total += Math.max(0, cpu);
            }
        }
        return total;
    }
}
