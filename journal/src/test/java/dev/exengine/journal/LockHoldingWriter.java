package dev.exengine.journal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Run in a child JVM: opens the journal for writing, says so on stdout, and holds it until stdin closes or it is
 * killed.
 */
public final class LockHoldingWriter
{
    /** The line the child prints once it has the journal open. */
    static final String OPEN = "open";

    private LockHoldingWriter()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        try (CommandJournal journal = CommandJournal.open(Path.of(args[0]), DurabilityMode.PROCESS))
        {
            JournalFiles.appendMarked(journal, 1);
            journal.flush();
            System.out.println(OPEN);
            System.out.flush();
            while (System.in.read() >= 0)
            {
                // Holds the journal until the parent closes stdin.
            }
        }
    }
}
