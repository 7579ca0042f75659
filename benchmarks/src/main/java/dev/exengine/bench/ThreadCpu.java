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
