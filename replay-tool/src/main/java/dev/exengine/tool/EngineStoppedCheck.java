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
     * Refuses, unless {@code --force}, while an engine seems to be writing the journal
     * ({@link JournalLocation#refuseWhileEngineActive}).
     *
     * @param why what the running engine would clash with, for the message.
     */
    void refuseWhileEngineActive(final JournalLocation location, final String why)
    {
        if (JournalLock.isHeld(location.journal()))
        {
            throw new ToolException(ExitCodes.IO, "an engine has the journal " + location.journal() + " open (" +
                JournalLock.FILE_NAME + " is locked): stop it first (" + why + ")");
        }
        if (!force)
        {
            location.refuseWhileEngineActive(why);
        }
    }
}
