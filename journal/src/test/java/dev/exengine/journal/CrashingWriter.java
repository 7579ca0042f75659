package dev.exengine.journal;

import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * Run in a child JVM: appends marked records, then starts one more document, writes part of a record into it and
 * halts the JVM without closing anything, as a kill -9 in the middle of a write would.
 */
public final class CrashingWriter
{
    private CrashingWriter()
    {
    }

    public static void main(final String[] args)
    {
        final Path directory = Path.of(args[0]);
        try (CommandJournal journal = CommandJournal.open(directory, DurabilityMode.PROCESS))
        {
            JournalFiles.appendMarked(journal, Integer.parseInt(args[1]));
        }
        final SingleChronicleQueue queue = JournalQueues.open(directory, SystemTimeProvider.INSTANCE);
        final ExcerptAppender appender = queue.createAppender();
        final DocumentContext dc = appender.writingDocument();
        dc.wire().bytes().writeShort(JournalRecordDescriptor.CURRENT_VERSION).writeLong(Long.parseLong(args[1]) + 1);
        Runtime.getRuntime().halt(0);
    }
}
