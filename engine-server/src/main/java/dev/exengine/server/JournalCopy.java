package dev.exengine.server;

import dev.exengine.journal.CommandJournal;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.journal.JournalReader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Copies a journal's records into a new journal, record for record (timestamp, origin and bytes; the sequences follow,
 * since both start at 1), up to a given sequence, and forces the copy: what setting a divergent tail aside keeps, and
 * what an online backup takes of a running node's journal. A new journal's cycle files hold only what is written, so
 * the copy is as small on disk as its records.
 */
final class JournalCopy
{
    private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private JournalCopy()
    {
    }

    /**
     * @param reader  positioned at the journal's start.
     * @param through the last sequence to copy.
     * @param patience how long to wait for a record the reader does not see yet: a running node's journal may count a
     *                 record whose bytes are still being written. Zero for a stopped node's.
     * @return the last sequence copied: {@code through}, or less when the journal ends before it.
     * @throws IllegalStateException when the journal does not start at sequence 1 (cycle files pruned).
     */
    static long copy(final JournalReader reader, final Path target, final long through, final Duration patience)
    {
        final long[] last = {0};
        try (CommandJournal copy = CommandJournal.open(target, DurabilityMode.FSYNC))
        {
            final long deadline = System.nanoTime() + patience.toNanos();
            while (last[0] < through)
            {
                final int read = reader.poll((sequence, timestamp, origin, buffer, offset, length) ->
                {
                    if (sequence != last[0] + 1)
                    {
                        throw new IllegalStateException("the journal's record after sequence " + last[0] + " is " +
                            sequence + (last[0] == 0 ? ": its first cycle files were pruned, and a copy starts at 1" :
                            ""));
                    }
                    if (sequence <= through)
                    {
                        copy.append(timestamp, origin, buffer, offset, length);
                        last[0] = sequence;
                    }
                }, (int)Math.min(4096, through - last[0]));
                if (read == 0)
                {
                    if (System.nanoTime() - deadline >= 0)
                    {
                        break;
                    }
                    LockSupport.parkNanos(WAIT_NANOS);
                }
            }
            copy.flush();
        }
        return last[0];
    }
}
