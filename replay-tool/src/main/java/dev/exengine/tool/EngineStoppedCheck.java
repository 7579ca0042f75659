package dev.exengine.tool;

import picocli.CommandLine.Option;

/** The {@code --force} option of the commands that write next to a journal, and the check it overrides. */
final class EngineStoppedCheck
{
    @Option(names = "--force",
        description = "Go ahead even though the journal was written recently (an engine may be running).")
    boolean force;

    /**
     * Refuses, unless {@code --force}, while an engine seems to be writing the journal
     * ({@link JournalLocation#refuseWhileEngineActive}).
     *
     * @param why what the running engine would clash with, for the message.
     */
    void refuseWhileEngineActive(final JournalLocation location, final String why)
    {
        if (!force)
        {
            location.refuseWhileEngineActive(why);
        }
    }
}
