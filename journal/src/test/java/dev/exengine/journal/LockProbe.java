package dev.exengine.journal;

import java.nio.file.Path;

/** Run in a child JVM: tries to take the journal's lock and prints {@link #ACQUIRED} or {@link #REFUSED}. */
public final class LockProbe
{
    static final String ACQUIRED = "acquired";
    static final String REFUSED = "refused";

    private LockProbe()
    {
    }

    public static void main(final String[] args)
    {
        try (JournalLock ignored = JournalLock.acquire(Path.of(args[0])))
        {
            System.out.println(ACQUIRED);
        }
        catch (final JournalLock.JournalInUseException ex)
        {
            System.out.println(REFUSED);
        }
    }
}
