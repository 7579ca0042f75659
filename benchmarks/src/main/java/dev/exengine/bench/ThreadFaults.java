package dev.exengine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Page faults and context switches of this process's threads whose name starts with a prefix, from Linux's
 * /proc/self/task (zeros elsewhere): what the harnesses print next to a latency figure, so that a run says where the
 * engine thread's time went (a fault in the journal's mapping, a wait) as well as how late the output was. The kernel
 * truncates thread names to 15 characters: a longer prefix never matches.
 */
record ThreadFaults(long minorFaults, long majorFaults, long voluntarySwitches, long involuntarySwitches)
{
    private static final Path TASKS = Path.of("/proc/self/task");

    static ThreadFaults of(final String prefix)
    {
        if (!Files.isDirectory(TASKS))
        {
            return new ThreadFaults(0, 0, 0, 0);
        }
        long minor = 0;
        long major = 0;
        long voluntary = 0;
        long involuntary = 0;
        try (Stream<Path> tasks = Files.list(TASKS))
        {
            for (final Path task : (Iterable<Path>)tasks::iterator)
            {
                try
                {
                    if (!Files.readString(task.resolve("comm")).strip().startsWith(prefix))
                    {
                        continue;
                    }
                    // After the name in parentheses: state is field 3, minflt 10, majflt 12 (proc(5)).
                    final String stat = Files.readString(task.resolve("stat"));
                    final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    minor += Long.parseLong(fields[7]);
                    major += Long.parseLong(fields[9]);
                    for (final String line : Files.readAllLines(task.resolve("status")))
                    {
                        if (line.startsWith("voluntary_ctxt_switches:"))
                        {
                            voluntary += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                        }
                        else if (line.startsWith("nonvoluntary_ctxt_switches:"))
                        {
                            involuntary += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                        }
                    }
                }
                catch (final IOException ended)
                {
                    // The thread ended between the listing and the read: it has nothing more to count.
                }
            }
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        return new ThreadFaults(minor, major, voluntary, involuntary);
    }

    ThreadFaults minus(final ThreadFaults before)
    {
        return new ThreadFaults(minorFaults - before.minorFaults, majorFaults - before.majorFaults,
            voluntarySwitches - before.voluntarySwitches, involuntarySwitches - before.involuntarySwitches);
    }

    @Override
    public String toString()
    {
        return String.format("page faults %,d minor, %,d major; context switches %,d voluntary, %,d involuntary",
            minorFaults, majorFaults, voluntarySwitches, involuntarySwitches);
    }
}
