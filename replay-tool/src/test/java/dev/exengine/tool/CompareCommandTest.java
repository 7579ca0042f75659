package dev.exengine.tool;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** replay-tool compare: a primary's journal and a standby's, the same, one behind, and forked after a promotion. */
class CompareCommandTest
{
    @TempDir
    Path primary;

    @TempDir
    Path standby;

    @Test
    void shouldFindTheSameJournalsTheSame()
    {
        TestJournals.append(primary, TestJournals.market());
        TestJournals.append(standby, TestJournals.market());

        final ToolRun run = ToolRun.of("compare", primary.toString(), standby.toString());

        assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("same      13 records"), run.out());
    }

    @Test
    void shouldAcceptAStandbyBehindItsPrimaryUnlessExact()
    {
        final List<Command> market = TestJournals.market();
        TestJournals.append(primary, market);
        TestJournals.append(standby, market.subList(0, 10));

        final ToolRun run = ToolRun.of("compare", primary.toString(), standby.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("B is the beginning of A: the 10 records of B are A's first; A goes on from " +
            "sequence 11 to 13"), run.out());

        assertEquals(ExitCodes.FAILED, ToolRun.of("compare", "--exact", primary.toString(), standby.toString()).exitCode());
    }

    @Test
    void shouldNameTheFirstSequenceWhereAPromotedStandbyAndItsFormerPrimaryPart()
    {
        final List<Command> market = TestJournals.market();
        TestJournals.append(primary, market);
        final List<Command> promoted = new ArrayList<>(market.subList(0, 10));
        promoted.add(new Command().type(CommandType.START_EPOCH).epoch(1));
        promoted.add(TestJournals.order(2, 12, Side.SELL, 5_100_000, 100_000));
        TestJournals.append(standby, promoted);

        final ToolRun run = ToolRun.of("compare", primary.toString(), standby.toString());

        assertEquals(ExitCodes.FAILED, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("differ    from sequence 11 (the 10 records before it are the same)"), run.out());
        assertTrue(run.out().contains("B: sequence 11 at 2024-05-01T10:00:00.011Z, origin 7"), run.out());
        assertTrue(run.out().contains("command START_EPOCH"), run.out());
        assertTrue(run.out().contains("epochs epoch 0 from 1, epoch 1 from 11"), run.out());
        assertTrue(ToolRun.of("info", standby.toString()).out()
            .contains("epochs      2: 0 from sequence 1; 1 from sequence 11;"));
    }

    @Test
    void shouldRefuseAMissingDirectory()
    {
        TestJournals.append(primary, TestJournals.market());

        final ToolRun run = ToolRun.of("compare", primary.toString(), standby.resolve("nowhere").toString());

        assertEquals(ExitCodes.IO, run.exitCode());
        assertTrue(run.err().contains("does not exist"), run.err());
    }
}
