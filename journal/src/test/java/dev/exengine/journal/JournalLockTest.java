package dev.exengine.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalLockTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondWriterInTheSameProcessUntilTheFirstCloses() throws Exception
    {
        try (CommandJournal first = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            JournalFiles.appendMarked(first, 2);
            final JournalLock.JournalInUseException refused = assertThrows(JournalLock.JournalInUseException.class,
                () -> CommandJournal.open(dir, DurabilityMode.PROCESS));
            assertTrue(refused.getMessage().contains("this process"), refused.getMessage());
            assertTrue(JournalLock.isHeld(dir));
            // Neither look may have loosened the lock for other processes (closing a second handle to the file
            // would have dropped it).
            assertEquals(LockProbe.REFUSED, runChild(LockProbe.class.getName(), dir.toString()));
            first.flush();
        }
        assertEquals(LockProbe.ACQUIRED, runChild(LockProbe.class.getName(), dir.toString()));
        assertFalse(JournalLock.isHeld(dir));
        try (CommandJournal second = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            assertEquals(3, second.nextSequence(), "the refused open changed nothing");
        }
    }

    @Test
    void shouldRefuseAWriterWhileAnotherProcessHasTheJournalAndTakeItOnceThatOneWasKilled() throws Exception
    {
        final Process child = new ProcessBuilder(javaCommand(LockHoldingWriter.class.getName(), dir.toString()))
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try
        {
            final BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
            for (String line = out.readLine(); !LockHoldingWriter.OPEN.equals(line); line = out.readLine())
            {
                assertTrue(line != null, "the child ended before it had the journal open");
            }
            final JournalLock.JournalInUseException refused = assertThrows(JournalLock.JournalInUseException.class,
                () -> CommandJournal.open(dir, DurabilityMode.PROCESS));
            assertTrue(refused.getMessage().contains("another process"), refused.getMessage());
        }
        finally
        {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        // SIGKILL leaves no lock behind: the operating system released it with the process.
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            assertEquals(2, journal.nextSequence());
        }
    }

    private static List<String> javaCommand(final String mainClass, final String argument)
    {
        final List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.add(argument);
        return command;
    }

    /** Runs a main class in a child JVM and returns the last line it printed. */
    private static String runChild(final String mainClass, final String argument) throws Exception
    {
        final Process child = new ProcessBuilder(javaCommand(mainClass, argument))
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final List<String> lines = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)).lines().toList();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not finish");
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
