package dev.exengine.tool;

import dev.exengine.journal.JournalLock;
import picocli.CommandLine.Option;

/**
 * The {@code --force} option of the commands that write next to a journal, and the check it overrides. An engine
 * that holds the journal's lock is refused even with {@code --force}: that one certainly runs.
 */
final class EngineStoppedCheck
{
    @Option(names = "--force",
        description = "Go ahead even though the journal was written recently (an engine may be running); an " +
            "engine that holds the journal's lock is refused all the same.")
    boolean force;

    /**
     * Takes the journal's lock for the caller to hold while it writes, refusing while an engine holds it (even with
     * {@code --force}), and, unless {@code --force}, while an engine seems to be writing the journal
     * ({@link JournalLocation#refuseWhileEngineActive}). Held, the lock keeps an engine from starting meanwhile.
     *
     * @param why what the running engine would clash with, for the message.
     */
    JournalLock holdJournal(final JournalLocation location, final String why)
    {
        final JournalLock lock;
        try
        {
            lock = JournalLock.acquire(location.journal());
        }
        catch (final JournalLock.JournalInUseException ex)
        {
            throw new ToolException(ExitCodes.IO, "an engine has the journal " + location.journal() + " open (" +
                JournalLock.FILE_NAME + " is locked): stop it first (" + why + ")");
        }
        if (!force)
        {
            try
            {
                location.refuseWhileEngineActive(why);
            }
            catch (final RuntimeException ex)
            {
                lock.close();
                throw ex;
            }
        }
        return lock;
    }
}
