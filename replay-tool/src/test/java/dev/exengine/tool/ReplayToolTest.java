package dev.exengine.tool;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.event.EventFields;
import dev.exengine.core.event.EventType;
import dev.exengine.journal.CommandJournal;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.journal.JournalRecordDescriptor;
import dev.exengine.journal.ProductVersion;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.protocol.sbe.MessageHeaderEncoder;
import dev.exengine.storage.DataDirectory;
import dev.exengine.storage.SequenceMark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayToolTest
{
    private static final List<Command> MARKET = TestJournals.market();
    private static final String HEALTHY_RECORDS = """
        records     13 ok (sequences 1..13): checksums verified, sequences gap-free
        decoding    13 ok
        """;

    @TempDir
    Path data;

    private String hex(final long hash)
    {
        return String.format("%016x", hash);
    }

    private String journal()
    {
        return data.resolve("journal").toString();
    }

    @Test
    void shouldSummariseJournalAndSnapshots()
    {
        TestJournals.append(data, MARKET);
        TestJournals.snapshot(data, MARKET, 8, null);
        final ToolRun run = ToolRun.of("info", data.toString());
        assertEquals(0, run.exitCode());
        assertEquals("journal     " + journal() + "\n" + """
            durability  PROCESS
            records     13 (sequences 1..13)
            first       sequence 1 at 2024-05-01T10:00:00.001Z
            last        sequence 13 at 2024-05-01T10:00:00.013Z
            cycles      1 file(s), 83886080 bytes
              20240501F.cq4            83886080 bytes
            """ + "snapshots   " + data.resolve("snapshots") + "\n" +
            "  sequence 8  state hash " + hex(TestJournals.apply(MARKET.subList(0, 8)).stateHash()) +
            "  340 bytes  valid  snapshot-00000000000000000008.snap\n" + """
            commands    13
              ADD_ASSET            2
              OPEN_ACCOUNT         3
              DEPOSIT              2
              WITHDRAW             1
              ADD_INSTRUMENT       1
              NEW_ORDER            3
              CANCEL_ORDER         1
            epochs      1: 0 from sequence 1;
            """, run.out());
        assertEquals("", run.errWithoutSummary());
    }

    @Test
    void shouldPrintRecordsAsTextWithFilters()
    {
        TestJournals.append(data, MARKET);
        final ToolRun run = ToolRun.of("print", data.toString(), "--account", "1", "--type", "NEW_ORDER", "--type",
            "CANCEL_ORDER", "--to-time", "2024-05-01T10:00:00.011Z");
        assertEquals(0, run.exitCode());
        assertEquals("""
            10 2024-05-01T10:00:00.010Z origin=7 NEW_ORDER accountId=1 instrumentId=1 clientOrderId=21 side=BUY orderType=LIMIT timeInForce=GTC price=5000000 quantity=100000
            11 2024-05-01T10:00:00.011Z origin=7 NEW_ORDER accountId=1 instrumentId=1 clientOrderId=22 side=BUY orderType=LIMIT timeInForce=GTC price=4900000 quantity=100000
            """, run.out());
        assertEquals("", run.err());
    }

    @Test
    void shouldPrintJsonLinesFromSequenceAndAcceptJournalDirectoryDirectly()
    {
        TestJournals.append(data, MARKET);
        final ToolRun run = ToolRun.of("print", journal(), "--format", "json", "--from-seq", "12");
        assertEquals(0, run.exitCode());
        assertEquals("""
            {"sequence":"12","timestamp":"1714557600012000000","time":"2024-05-01T10:00:00.012Z","origin":"7","type":"CANCEL_ORDER","accountId":"1","orderId":"99"}
            {"sequence":"13","timestamp":"1714557600013000000","time":"2024-05-01T10:00:00.013Z","origin":"7","type":"WITHDRAW","accountId":"2","assetId":1,"amount":"1000","movementId":"0"}
            """, run.out());
    }

    @Test
    void shouldFollowJournalAsWriterAppends() throws Exception
    {
        TestJournals.append(data, MARKET.subList(0, 2));
        final ToolRun[] result = new ToolRun[1];
        final Thread follower = new Thread(() -> result[0] = ToolRun.of("print", data.toString(), "--follow",
            "--to-seq", "4", "--type", "OPEN_ACCOUNT"));
        follower.start();
        awaitIdleInFollow(follower);
        TestJournals.append(data, MARKET.subList(2, 5));
        follower.join(10_000);
        assertEquals(0, result[0].exitCode());
        assertEquals("""
            3 2024-05-01T10:00:00.003Z origin=7 OPEN_ACCOUNT accountId=1
            4 2024-05-01T10:00:00.004Z origin=7 OPEN_ACCOUNT accountId=2
            """, result[0].out());
    }

    @Test
    void shouldFollowFromASequenceThatIsNotWrittenYet() throws Exception
    {
        TestJournals.append(data, MARKET.subList(0, 2));
        final ToolRun[] result = new ToolRun[1];
        final Thread follower = new Thread(() -> result[0] = ToolRun.of("print", data.toString(), "--follow",
            "--from-seq", "4", "--to-seq", "5"));
        follower.start();
        awaitIdleInFollow(follower);
        TestJournals.append(data, MARKET.subList(2, 3));
        awaitIdleInFollow(follower);
        TestJournals.append(data, MARKET.subList(3, 6));
        follower.join(10_000);
        assertEquals(0, result[0].exitCode(), result[0].err());
        assertEquals("""
            4 2024-05-01T10:00:00.004Z origin=7 OPEN_ACCOUNT accountId=2
            5 2024-05-01T10:00:00.005Z origin=7 OPEN_ACCOUNT accountId=3
            """, result[0].out());
    }

    /** Waits until the follower has read to the journal's end and idles in its follow loop, waiting for more. */
    private static void awaitIdleInFollow(final Thread follower) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(follower.getState() == Thread.State.TIMED_WAITING &&
            Arrays.stream(follower.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("follow"))))
        {
            assertTrue(System.nanoTime() < deadline, "the follower did not reach the journal's end within 10 s");
            Thread.sleep(1);
        }
    }

    @Test
    void shouldVerifyHealthyJournalWithSnapshots()
    {
        TestJournals.append(data, MARKET);
        TestJournals.snapshot(data, MARKET, 8, null);
        final ToolRun run = ToolRun.of("verify", data.toString());
        assertEquals(0, run.exitCode());
        assertEquals("journal     " + journal() + "\n" + HEALTHY_RECORDS + """
            snapshots   1 ok
              sequence 8  state hash %s  checksum ok  snapshot-00000000000000000008.snap
            OK
            """.formatted(hex(TestJournals.apply(MARKET.subList(0, 8)).stateHash())), run.out());
        assertTrue(run.err().matches("verify: verified 13 records in [0-9.]+ s \\(\\d+ records/s\\)\\R"), run.err());
    }

    @Test
    void shouldWarnAboutTornTailAndFailOnlyWhenStrict() throws Exception
    {
        TestJournals.append(data, MARKET);
        TestJournals.corrupt(data, MARKET.get(12));
        final String expected = "journal     " + journal() + "\n" + """
            records     12 ok (sequences 1..12): checksums verified, sequences gap-free
            torn tail   1 unverifiable record(s) after sequence 12: left by a crash, never acknowledged; the engine discards them on restart
            decoding    12 ok
            snapshots   none
            """;
        final ToolRun run = ToolRun.of("verify", "-q", data.toString());
        assertEquals(0, run.exitCode());
        assertEquals(expected + "OK\n", run.out());
        assertEquals("", run.err());

        final ToolRun strict = ToolRun.of("verify", "-q", "--strict", data.toString());
        assertEquals(1, strict.exitCode());
        assertEquals(expected + "FAILED\n", strict.out());
        assertEquals("replay-tool: verify FAILED: torn tail after sequence 12\n", strict.err());

        final ToolRun print = ToolRun.of("print", data.toString(), "--from-seq", "12");
        assertEquals(0, print.exitCode());
        assertEquals("12 2024-05-01T10:00:00.012Z origin=7 CANCEL_ORDER accountId=1 orderId=99\n", print.out());
    }

    @Test
    void shouldReportFirstBadSequenceOfCorruptedMiddle() throws Exception
    {
        TestJournals.append(data, MARKET);
        TestJournals.corrupt(data, MARKET.get(5));
        final String detail = "journal corrupted at sequence 6: 1 record(s) fail length/CRC verification and the next valid record has sequence 7";
        final ToolRun verify = ToolRun.of("verify", "-q", data.toString());
        assertEquals(4, verify.exitCode());
        assertEquals("journal     " + journal() + "\n" +
            "records     FAILED: first bad sequence 6 (" + detail + ")\n" + """
                        5 record(s) verified before it (sequences 1..5)
            decoding    5 ok
            snapshots   none
            FAILED
            """, verify.out());
        assertEquals("replay-tool: verify FAILED: " + detail + "\n", verify.err());

        final String error = "replay-tool: " + detail + "; records before it are intact (print --to-seq 5); restore " +
            "the journal from a replica or backup, and run 'verify' for a full report\n";
        final ToolRun print = ToolRun.of("print", data.toString(), "--to-seq", "3");
        assertEquals(0, print.exitCode(), "records before the damage stay readable");
        final ToolRun printAll = ToolRun.of("print", data.toString());
        assertEquals(4, printAll.exitCode());
        assertEquals(error, printAll.err());
        final ToolRun replay = ToolRun.of("replay", "-q", data.toString());
        assertEquals(4, replay.exitCode());
        assertEquals(error, replay.err());
        assertEquals("", replay.out());
    }

    @Test
    void shouldFailVerifyWhenASnapshotCoversRecordsTheJournalLost()
    {
        // A PROCESS-mode journal after a power loss: the snapshot at 13 was forced, the journal's last records were not.
        TestJournals.append(data, MARKET.subList(0, 10));
        final Path snapshot = TestJournals.snapshot(data, MARKET, 13, null);
        final ToolRun run = ToolRun.of("verify", "-q", data.toString());
        assertEquals(1, run.exitCode(), run.out());
        assertEquals("journal     " + journal() + "\n" + """
            records     10 ok (sequences 1..10): checksums verified, sequences gap-free
            decoding    10 ok
            snapshots   0 ok, 1 PAST THE JOURNAL'S END
              sequence 13  state hash %s  checksum ok  PAST THE JOURNAL'S END  snapshot-00000000000000000013.snap
            FAILED
            """.formatted(hex(TestJournals.apply(MARKET).stateHash())), run.out());
        assertEquals("replay-tool: verify FAILED: snapshot " + snapshot + " covers sequences up to 13, past the " +
            "journal's end at 10: the journal lost records that the snapshot holds\n", run.err());
    }

    @Test
    void shouldFailVerifyOnAnEmptyJournalBesideSnapshots()
    {
        TestJournals.append(data, List.of());
        final Path snapshot = TestJournals.snapshot(data, MARKET, 8, null);
        final ToolRun run = ToolRun.of("verify", "-q", data.toString());
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.out().endsWith("PAST THE JOURNAL'S END  snapshot-00000000000000000008.snap\nFAILED\n"), run.out());
        assertEquals("replay-tool: verify FAILED: snapshot " + snapshot + " covers sequences up to 8, past the " +
            "journal's end at 0: the journal lost records that the snapshot holds\n", run.err());
    }

    @Test
    void shouldNameATruncatedCycleFileInsteadOfShowingAShorterJournal() throws Exception
    {
        TestJournals.append(data, MARKET);
        TestJournals.truncateInside(data, MARKET.get(9));
        final Path cycleFile = TestJournals.cycleFile(data);
        for (final String command : List.of("info", "verify", "replay"))
        {
            final ToolRun run = ToolRun.of(command, "-q", data.toString());
            assertEquals(4, run.exitCode(), command + ": " + run.out() + run.err());
            assertTrue(run.err().startsWith("replay-tool: journal cycle file " + cycleFile + " is "), run.err());
            assertTrue(run.err().contains("truncated") && run.err().contains("truncate -s "), run.err());
            assertFalse(run.out().contains("records"), run.out());
        }
    }

    @Test
    void shouldNameACycleFileWithAZeroedIndexPageWithoutChroniclesStackTrace() throws Exception
    {
        TestJournals.append(data, MARKET);
        TestJournals.zeroIndexPage(data);
        final Path cycleFile = TestJournals.cycleFile(data);
        for (final String command : List.of("info", "verify", "replay"))
        {
            final ToolRun run = ToolRun.of(command, "-q", data.toString());
            assertEquals(4, run.exitCode(), command + ": " + run.out() + run.err());
            assertTrue(run.err().startsWith("replay-tool: journal cycle file " + cycleFile + " is damaged"), run.err());
            assertTrue(run.err().contains("intact records lie beyond, the first with sequence 1 "), run.err());
            assertFalse(run.err().contains("please report") || run.err().contains("\tat "), run.err());
        }
    }

    @Test
    void shouldCountTheRecordsItReadsAndShowWhatIsPastTheEndWhenTheLastPageIsZeroed() throws Exception
    {
        // Documents of 13 records over several pages; a power loss left the last page unwritten.
        for (int i = 0; i < 30; i++)
        {
            TestJournals.append(data, MARKET);
        }
        TestJournals.zeroLastPage(data);
        final ToolRun info = ToolRun.of("info", "-q", data.toString());
        assertEquals(0, info.exitCode(), info.err());
        final Matcher records = Pattern.compile("records     (\\d+) \\(sequences 1\\.\\.(\\d+)\\)").matcher(info.out());
        assertTrue(records.find(), info.out());
        final long intact = Long.parseLong(records.group(1));
        assertTrue(intact > 13 && intact < 30 * 13, info.out());
        assertEquals(records.group(1), records.group(2));
        assertTrue(info.out().contains("\ncommands    " + intact + "\n"), "what a reader delivers: " + info.out());
        assertTrue(info.out().contains("past end    after sequence " + intact + ": ") &&
            info.out().contains("the engine discards this when it starts"), info.out());

        final ToolRun verify = ToolRun.of("verify", "-q", data.toString());
        assertEquals(0, verify.exitCode(), verify.out());
        assertTrue(verify.out().contains("records     " + intact + " ok (sequences 1.." + intact + ")"), verify.out());
        assertTrue(verify.out().contains("\nlost tail   readers stop at byte "), verify.out());
        assertEquals(1, ToolRun.of("verify", "-q", "--strict", data.toString()).exitCode());
    }

    @Test
    void shouldFailVerifyOnDamagedSnapshot() throws Exception
    {
        TestJournals.append(data, MARKET);
        final Path snapshot = TestJournals.snapshot(data, MARKET, 8, null);
        final byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length - 1] ^= 0x5A;
        Files.write(snapshot, bytes);
        final ToolRun run = ToolRun.of("verify", "-q", data.toString());
        assertEquals(1, run.exitCode());
        assertEquals("journal     " + journal() + "\n" + HEALTHY_RECORDS + """
            snapshots   0 ok, 1 DAMAGED
              sequence 8  state hash %s  DAMAGED  snapshot-00000000000000000008.snap
            FAILED
            """.formatted(hex(TestJournals.apply(MARKET.subList(0, 8)).stateHash())), run.out());
        assertEquals("replay-tool: verify FAILED: damaged snapshot " + snapshot + "\n", run.err());
    }

    @Test
    void shouldReplayToTheLiveEngineStateHashWithTotalsAccountsAndBook()
    {
        TestJournals.append(data, MARKET);
        final BusinessLogicProcessor live = TestJournals.apply(MARKET);
        final ToolRun run = ToolRun.of("replay", "-q", data.toString(), "--account", "1", "--instrument", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
            replayed    13 command(s) from scratch
            state at    sequence 13, 2024-05-01T10:00:00.013Z
            state hash  %s
            asset               deposited            withdrawn      sum of balances  conservation
            1                   500000000                 1000            499999000  ok
            2                   100000000                    0            100000000  ok
            account 1
              BALANCE accountId=1 assetId=1 available=100000
              BALANCE accountId=1 assetId=2 available=99009802 held=490098
              OPEN_ORDER accountId=1 orderId=3 clientOrderId=22 instrumentId=1 side=BUY orderType=LIMIT timeInForce=GTC price=4900000 quantity=100000 remainingQuantity=100000
            instrument 1 book (10 levels per side)
              DEPTH_LEVEL instrumentId=1 side=BUY price=4900000 quantity=100000 count=1
              DEPTH_LEVEL instrumentId=1 side=SELL price=5000000 quantity=100000 count=1
            """.formatted(hex(live.stateHash())), run.out());
        assertEquals("", run.err());
    }

    @Test
    void shouldLeaveOutTheCommandsTheEngineSkippedAndSaySo()
    {
        final List<Command> withSkip = new ArrayList<>(MARKET);
        withSkip.add(new Command().type(CommandType.SKIP_COMMAND).skippedSequence(5));
        TestJournals.append(data, withSkip);
        final BusinessLogicProcessor live = new BusinessLogicProcessor();
        for (int sequence = 1; sequence <= MARKET.size(); sequence++)
        {
            if (sequence != 5)
            {
                live.apply(MARKET.get(sequence - 1), sequence, TestJournals.timestamp(sequence), event -> { });
            }
        }
        final ToolRun run = ToolRun.of("replay", "-q", data.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("state hash  " + hex(live.stateHash()) + "\n"), run.out());
        assertEquals("replay-tool: warning: the journal leaves out the commands at sequences [5] (SKIP_COMMAND " +
            "records: they failed inside the engine's business logic), and so does this replay where it reaches " +
            "them\n", run.err());
    }

    @Test
    void shouldReplayFromSnapshotToTheSameHashAsFromScratch()
    {
        TestJournals.append(data, MARKET);
        TestJournals.snapshot(data, MARKET, 8, null);
        final String hash = hex(TestJournals.apply(MARKET.subList(0, 11)).stateHash());
        final ToolRun fromSnapshot = ToolRun.of("replay", "-q", data.toString(), "--from-snapshot", "--until-seq", "11");
        assertEquals(0, fromSnapshot.exitCode());
        assertTrue(fromSnapshot.out().startsWith("replayed    3 command(s) after snapshot sequence 8\n" +
            "state at    sequence 11, 2024-05-01T10:00:00.011Z\nstate hash  " + hash + "\n"), fromSnapshot.out());
        final ToolRun byTime = ToolRun.of("replay", "-q", data.toString(), "--until-time", "2024-05-01T10:00:00.0115Z");
        assertTrue(byTime.out().startsWith("replayed    11 command(s) from scratch\n" +
            "state at    sequence 11, 2024-05-01T10:00:00.011Z\nstate hash  " + hash + "\n"), byTime.out());
    }

    @Test
    void shouldFailLoudlyWhenConservationDoesNotHold()
    {
        // a snapshot restoring a state whose balances and totals disagree cannot be made through commands; the check
        // is exercised on a healthy state here and the failure path through an unknown account instead
        TestJournals.append(data, MARKET);
        final ToolRun run = ToolRun.of("replay", "-q", data.toString(), "--account", "9");
        assertEquals(2, run.exitCode());
        assertEquals("replay-tool: account 9 does not exist at sequence 13 (UNKNOWN_ACCOUNT)\n", run.err());
    }

    @Test
    void shouldAgreeWithNewestSnapshot()
    {
        TestJournals.append(data, MARKET);
        TestJournals.snapshot(data, MARKET, 5, null);
        TestJournals.snapshot(data, MARKET, 8, null);
        final String hash = hex(TestJournals.apply(MARKET.subList(0, 8)).stateHash());
        final ToolRun run = ToolRun.of("replay", "-q", data.toString(), "--compare-snapshot");
        assertEquals(0, run.exitCode());
        assertEquals("""
            snapshot    sequence 8  snapshot-00000000000000000008.snap
            recorded    %1$s  (hash the engine wrote into the snapshot)
            restored    %1$s  (hash of the state loaded from the snapshot)
            replayed    %1$s  (hash after replaying sequences 1..8 from scratch)
            AGREE
            """.formatted(hash), run.out());
        final ToolRun older = ToolRun.of("replay", "-q", data.toString(), "--compare-snapshot", "5");
        assertEquals(0, older.exitCode());
        assertTrue(older.out().startsWith("snapshot    sequence 5  "), older.out());
        final ToolRun missing = ToolRun.of("replay", "-q", data.toString(), "--compare-snapshot", "6");
        assertEquals(2, missing.exitCode());
        assertEquals("replay-tool: --compare-snapshot: no snapshot at sequence 6; snapshots exist at [5, 8]\n", missing.err());
    }

    @Test
    void shouldReportDivergenceLoudly()
    {
        TestJournals.append(data, MARKET);
        TestJournals.snapshot(data, MARKET, 10, 0x1234L);
        final String real = hex(TestJournals.apply(MARKET.subList(0, 10)).stateHash());
        final ToolRun run = ToolRun.of("replay", "-q", data.toString(), "--compare-snapshot");
        assertEquals(1, run.exitCode());
        assertEquals("""
            snapshot    sequence 10  snapshot-00000000000000000010.snap
            recorded    0000000000001234  (hash the engine wrote into the snapshot)
            restored    %1$s  (hash of the state loaded from the snapshot)
            replayed    %1$s  (hash after replaying sequences 1..10 from scratch)
            DIVERGE
            """.formatted(real), run.out());
        assertEquals("replay-tool: DIVERGENCE at snapshot sequence 10: replaying the journal gives " + real +
            ", the snapshot records 0000000000001234 and restores to " + real + ". The business logic is not " +
            "deterministic, or journal and snapshot come from different engine versions: keep both files and report it.\n",
            run.err());
    }

    @Test
    void shouldPrintFilteredEventsAsCsvWithHeader()
    {
        TestJournals.append(data, MARKET);
        final ToolRun run = ToolRun.of("events", "-q", data.toString(), "--format", "csv", "--event-type", "TRADE",
            "--event-type", "CANCEL_REJECTED");
        assertEquals(0, run.exitCode());
        assertEquals(String.join(",", EventsCommand.CSV_COLUMNS) + "\n" +
            "10,1714557600010000000,2024-05-01T10:00:00.010Z,TRADE,NEW_ORDER,,,,1,BUY,,,,5000000,100000,,,,,1,2,1,11,100000,50,1,2,21,0,100,,,,,,,,,\n" +
            "12,1714557600012000000,2024-05-01T10:00:00.012Z,CANCEL_REJECTED,CANCEL_ORDER,1,99,,,,,,,,,,,UNKNOWN_ORDER,,,,,,,,,,,,,,,,,,,,,\n",
            run.out());
    }

    @Test
    void shouldPrintEventsAsTextAndJsonForAnAccount()
    {
        TestJournals.append(data, MARKET);
        final ToolRun text = ToolRun.of("events", "-q", data.toString(), "--account", "2", "--from-seq", "13");
        assertEquals("2024-05-01T10:00:00.013Z ADMIN_DONE sequence=13 timestamp=1714557600013000000 commandType=WITHDRAW accountId=2 assetId=1 amount=1000\n" +
            "2024-05-01T10:00:00.013Z BALANCE_CHANGED sequence=13 timestamp=1714557600013000000 commandType=WITHDRAW accountId=2 assetId=1 available=499799000 held=100000\n",
            text.out());
        final ToolRun json = ToolRun.of("events", "-q", data.toString(), "--format", "json", "--to-seq", "1");
        assertEquals("{\"sequence\":\"1\",\"timestamp\":\"1714557600001000000\",\"time\":\"2024-05-01T10:00:00.001Z\"," +
            "\"type\":\"ADMIN_DONE\",\"commandType\":\"ADD_ASSET\",\"assetId\":1}\n", json.out());
    }

    @Test
    void shouldWriteEveryFieldOfAnEventsTypeInJsonThatAParserReadsBack()
    {
        TestJournals.append(data, MARKET);
        final ToolRun run = ToolRun.of("events", "-q", data.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        final List<Map<String, Object>> events = JsonLines.parse(run.out());
        final Set<String> header = Set.of("sequence", "timestamp", "time", "type", "commandType");
        for (final Map<String, Object> event : events)
        {
            final Set<String> fields = EventFields.of(EventType.valueOf((String)event.get("type")),
                CommandType.valueOf((String)event.get("commandType")));
            final Set<String> written = new HashSet<>(event.keySet());
            written.removeAll(header);
            assertEquals(fields, written, event.toString());
            final long sequence = Long.parseLong((String)event.get("sequence"));
            assertEquals(Long.toString(TestJournals.timestamp(sequence)), event.get("timestamp"), "exact nanoseconds");
        }
        final Map<String, Object> trade = events.stream().filter(event -> event.get("type").equals("TRADE"))
            .findFirst().orElseThrow();
        assertEquals("0", trade.get("takerRemainingQuantity"), "a 0 is written: " + trade);
        assertEquals(1L, trade.get("instrumentId"), "an int field is a number");
        assertFalse(trade.containsKey("orderId"), "a field the type does not have is left out: " + trade);
    }

    @Test
    void shouldShowAmountsQuantitiesAndPricesInDecimalsOfTheirAssetsWhenScaled()
    {
        TestJournals.append(data, MARKET);
        final ToolRun print = ToolRun.of("print", data.toString(), "--scaled", "--from-seq", "6");
        assertEquals(0, print.exitCode(), print.err());
        assertTrue(print.out().startsWith("6 2024-05-01T10:00:00.006Z origin=7 ADD_INSTRUMENT instrumentId=1 " +
            "baseAssetId=1 quoteAssetId=2 tickSize=1.00 lotSize=0.00100000 tickValue=0.0010 minQuantity=0.00100000 " +
            "maxQuantity=10.00000000 makerFeePpm=100 takerFeePpm=200 feeAccountId=3\n"), print.out());
        assertTrue(print.out().contains(" origin=7 DEPOSIT accountId=1 assetId=2 amount=10000.0000\n"), print.out());
        assertTrue(print.out().contains(" NEW_ORDER accountId=2 instrumentId=1 clientOrderId=11 side=SELL " +
            "orderType=LIMIT timeInForce=GTC price=50000.00 quantity=0.00200000\n"), print.out());
        assertTrue(print.out().endsWith(" WITHDRAW accountId=2 assetId=1 amount=0.00001000\n"), print.out());

        final ToolRun json = ToolRun.of("print", data.toString(), "--scaled", "--format", "json", "--from-seq", "13");
        assertEquals("0.00001000", JsonLines.parseObject(json.out().trim()).get("amount"));

        final ToolRun csv = ToolRun.of("events", "-q", data.toString(), "--scaled", "--format", "csv",
            "--event-type", "TRADE");
        assertEquals(String.join(",", EventsCommand.CSV_COLUMNS) + "\n" +
            "10,1714557600010000000,2024-05-01T10:00:00.010Z,TRADE,NEW_ORDER,,,,1,BUY,,,,50000.00,0.00100000,,,,,1," +
            "2,1,11,0.00100000,0.0050,1,2,21,0.00000000,0.0100,,,,,,,,,\n", csv.out());

        final ToolRun replay = ToolRun.of("replay", "-q", data.toString(), "--scaled", "--account", "1");
        assertTrue(replay.out().contains("1                  5.00000000           0.00001000           4.99999000  ok"),
            replay.out());
        assertTrue(replay.out().contains("  BALANCE accountId=1 assetId=2 available=9900.9802 held=49.0098"),
            replay.out());
        assertTrue(replay.out().contains("  OPEN_ORDER accountId=1 orderId=3 clientOrderId=22 instrumentId=1 side=BUY " +
            "orderType=LIMIT timeInForce=GTC price=49000.00 quantity=0.00100000 remainingQuantity=0.00100000"),
            replay.out());
    }

    @Test
    void shouldTakeTheScalesFromTheNewestSnapshotAsFromTheJournal()
    {
        TestJournals.append(data, MARKET);
        final String fromJournal = ToolRun.of("print", data.toString(), "--scaled").out();
        TestJournals.snapshot(data, MARKET, 8, null);
        assertEquals(fromJournal, ToolRun.of("print", data.toString(), "--scaled").out());
    }

    @Test
    void shouldPrintTheFeedTheJournalProducesAndTheSameEachTime()
    {
        TestJournals.append(data, MARKET);
        final ToolRun text = ToolRun.of("feed", "-q", data.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertEquals("""
            2024-05-01T10:00:00.006Z #1 InstrumentState journalSequence=6 timestamp=1714557600006000000 instrumentId=1 instrumentEvent=ADDED
            2024-05-01T10:00:00.009Z #2 OrderAdded journalSequence=9 timestamp=1714557600009000000 orderId=1 price=5000000 quantity=200000 instrumentId=1 side=SELL
            2024-05-01T10:00:00.010Z #3 OrderExecuted journalSequence=10 timestamp=1714557600010000000 orderId=1 tradeId=1 price=5000000 quantity=100000 remainingQuantity=100000 aggressorOrderId=2 instrumentId=1 aggressorSide=BUY
            2024-05-01T10:00:00.011Z #4 OrderAdded journalSequence=11 timestamp=1714557600011000000 orderId=3 price=4900000 quantity=100000 instrumentId=1 side=BUY
            """, text.out());
        assertEquals(text.out(), ToolRun.of("feed", "-q", data.toString()).out(), "the same journal, the same feed");

        final ToolRun json = ToolRun.of("feed", "-q", data.toString(), "--format", "json", "--from-time",
            "2024-05-01T10:00:00.010Z", "--to-time", "2024-05-01T10:00:00.010Z");
        assertEquals("{\"feedSequence\":\"3\",\"type\":\"OrderExecuted\",\"journalSequence\":\"10\"," +
            "\"timestamp\":\"1714557600010000000\",\"orderId\":\"1\",\"tradeId\":\"1\",\"price\":\"5000000\"," +
            "\"quantity\":\"100000\",\"remainingQuantity\":\"100000\",\"aggressorOrderId\":\"2\",\"instrumentId\":1," +
            "\"aggressorSide\":\"BUY\"," +
            "\"time\":\"2024-05-01T10:00:00.010Z\"}\n", json.out());
        assertEquals("", ToolRun.of("feed", "-q", data.toString(), "--instrument", "2").out());
        assertEquals(2, ToolRun.of("feed", "-q", data.toString(), "--format", "csv").exitCode());
    }

    @Test
    void shouldWriteSnapshotOfflineThatTheReplayAgreesWith() throws Exception
    {
        TestJournals.append(data, MARKET);
        final ToolRun refused = ToolRun.of("snapshot", "-q", data.toString());
        assertEquals(3, refused.exitCode());
        assertTrue(refused.err().contains("an engine seems to be running"), refused.err());

        final String hash = hex(TestJournals.apply(MARKET).stateHash());
        final ToolRun run = ToolRun.of("snapshot", "-q", "--force", data.toString());
        assertEquals(0, run.exitCode(), run.err());
        final Path written = data.resolve("snapshots").resolve("snapshot-00000000000000000013.snap");
        assertTrue(run.out().startsWith("wrote       " + written + "\nsequence    13\nstate hash  " + hash + "\n"), run.out());
        final List<SnapshotStore.SnapshotInfo> snapshots = SnapshotStore.open(data.resolve("snapshots")).list();
        assertEquals(1, snapshots.size());
        assertTrue(snapshots.get(0).valid());

        assertEquals(0, ToolRun.of("replay", "-q", data.toString(), "--compare-snapshot").exitCode());
        final ToolRun again = ToolRun.of("snapshot", "-q", "--force", data.toString());
        assertEquals("a valid snapshot at sequence 13 exists already: " + written + "\n", again.out());
    }

    @Test
    void shouldExplainMissingDirectoryAndNonJournal() throws Exception
    {
        final ToolRun missing = ToolRun.of("info", data.resolve("nope").toString());
        assertEquals(3, missing.exitCode());
        assertEquals("replay-tool: directory " + data.resolve("nope") + " does not exist: pass the engine's data " +
            "directory (the one holding journal/ and snapshots/) or a journal directory\n", missing.err());
        assertTrue(Files.notExists(data.resolve("nope")), "a typo must not create a directory");

        final ToolRun notJournal = ToolRun.of("verify", data.toString());
        assertEquals(3, notJournal.exitCode());
        assertEquals("replay-tool: " + data + " is not a journal: it holds neither a journal/ directory nor *.cq4 " +
            "queue files; pass the engine's data directory (--data of bin/engine)\n", notJournal.err());
    }

    @Test
    void shouldRefuseJournalOfNewerFormat() throws Exception
    {
        TestJournals.append(data, MARKET);
        TestJournals.markNewerFormat(data);
        final ToolRun run = ToolRun.of("print", data.toString());
        assertEquals(5, run.exitCode());
        assertTrue(run.err().startsWith("replay-tool: journal of a newer format (version " +
            (JournalRecordDescriptor.CURRENT_VERSION + 1) + "): "), run.err());
    }

    @Test
    void shouldExitWithUsageErrorOnBadArguments()
    {
        TestJournals.append(data, MARKET);
        assertEquals(2, ToolRun.of().exitCode());
        assertEquals(2, ToolRun.of("print", data.toString(), "--from-time", "yesterday").exitCode());
        assertEquals(2, ToolRun.of("print", data.toString(), "--format", "csv").exitCode());
        final ToolRun pastEnd = ToolRun.of("print", data.toString(), "--from-seq", "99");
        assertEquals(2, pastEnd.exitCode());
        assertEquals("replay-tool: --from-seq 99 is past the end of the journal (last sequence 13); --follow waits " +
            "for it\n", pastEnd.err());
        assertEquals(2, ToolRun.of("replay", data.toString(), "--compare-snapshot", "--until-seq", "3").exitCode());
    }

    @Test
    void shouldDocumentExitCodesAndPrintCompletion()
    {
        final ToolRun help = ToolRun.of("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("Exit codes:\n  0   success\n  1   verification failed"), help.out());
        assertTrue(help.out().contains("  5   journal or snapshot written in a newer format"), help.out());
        for (final String command : List.of("info", "print", "verify", "replay", "events", "feed", "snapshot",
            "completion"))
        {
            assertEquals(0, ToolRun.of(command, "--help").exitCode(), command);
        }
        final ToolRun completion = ToolRun.of("completion");
        assertEquals(0, completion.exitCode());
        assertTrue(completion.out().contains("complete -F _complete_replay-tool"), completion.out());
        assertTrue(completion.out().contains("--compare-snapshot"), "subcommand options complete");
    }

    @Test
    void shouldNameOnlyOptionsThatExistInEveryHelpText()
    {
        final CommandLine tool = ReplayTool.commandLine();
        final Pattern named = Pattern.compile("(?<![\\w-])(" + String.join("|", tool.getSubcommands().keySet()) +
            ")'? (?:data )?(--[a-z][a-z-]*)");
        final List<String> helps = new ArrayList<>(List.of(tool.getUsageMessage()));
        tool.getSubcommands().values().forEach(command -> helps.add(command.getUsageMessage()));
        int checked = 0;
        for (final String help : helps)
        {
            final Matcher option = named.matcher(help.replaceAll("\\s+", " "));
            while (option.find())
            {
                checked++;
                assertNotNull(tool.getSubcommands().get(option.group(1)).getCommandSpec().findOption(option.group(2)),
                    "the help names '" + option.group(1) + " " + option.group(2) + "', which does not exist:\n" + help);
            }
        }
        assertTrue(checked >= 3, "the help texts name commands' options: " + checked);
    }

    @Test
    void shouldPrintTheBuildsVersionCommitSchemaAndJournalFormat()
    {
        final String expected = "replay-tool " + ProductVersion.version() + " (commit " + ProductVersion.commit() +
            ")\nSBE schema " + MessageHeaderEncoder.SCHEMA_ID + " version " + MessageHeaderEncoder.SCHEMA_VERSION +
            ", journal format " + JournalRecordDescriptor.CURRENT_VERSION + "\n";
        assertTrue(expected.matches("replay-tool \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{40}(\\+modified)?|" +
            "unknown)\\)\nSBE schema 7001 version \\d+, journal format \\d+\n"), expected);
        for (final String[] args :
            List.of(new String[] {"-V"}, new String[] {"--version"}, new String[] {"print", "-V"}))
        {
            final ToolRun run = ToolRun.of(args);
            assertEquals(0, run.exitCode());
            assertEquals(expected, run.out());
        }
    }

    @Test
    void shouldReportEmptyJournal() throws Exception
    {
        TestJournals.append(data, List.of());
        final ToolRun run = ToolRun.of("replay", "-q", data.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("replayed    0 command(s) from scratch\nstate at    sequence 0\nstate hash  " +
            hex(new BusinessLogicProcessor().stateHash()) + "\n" +
            "asset               deposited            withdrawn      sum of balances  conservation\n", run.out());
        assertEquals(CommandType.values().length, CommandType.values().length);
    }

    @Test
    void shouldPruneOnlyTheCycleFilesTheOldestValidSnapshotMakesUnnecessary(@TempDir final Path archive)
        throws Exception
    {
        // Three daily cycle files: sequences 1..5, 6..10 and 11..13.
        TestJournals.appendOnDay(data, MARKET.subList(0, 5), 0);
        TestJournals.appendOnDay(data, MARKET.subList(5, 10), 1);
        TestJournals.appendOnDay(data, MARKET.subList(10, MARKET.size()), 2);
        final ToolRun withoutSnapshot = ToolRun.of("prune", data.toString(), "--delete", "--force");
        assertEquals(0, withoutSnapshot.exitCode(), withoutSnapshot.err());
        assertTrue(withoutSnapshot.out().contains("no valid snapshot"), withoutSnapshot.out());
        assertEquals(3, cycleFiles(data.resolve("journal")).size());

        TestJournals.snapshot(data, MARKET, 7, null);
        TestJournals.snapshot(data, MARKET, 12, null);
        final List<Path> before = cycleFiles(data.resolve("journal"));
        final ToolRun dryRun = ToolRun.of("prune", data.toString());
        assertEquals(0, dryRun.exitCode(), dryRun.err());
        assertTrue(dryRun.out().contains("oldest valid snapshot at sequence 7"), dryRun.out());
        assertTrue(dryRun.out().contains("prunable    " + before.get(0)), dryRun.out());
        assertFalse(dryRun.out().contains(before.get(1).toString()), "6..10 holds records the snapshot at 7 needs");
        assertEquals(before, cycleFiles(data.resolve("journal")), "a dry run changes nothing");

        final ToolRun refused = ToolRun.of("prune", data.toString(), "--delete");
        assertEquals(3, refused.exitCode());
        assertTrue(refused.err().contains("an engine seems to be running"), refused.err());
        final ToolRun both = ToolRun.of("prune", data.toString(), "--delete", "--archive", archive.toString());
        assertEquals(2, both.exitCode());

        final ToolRun archived = ToolRun.of("prune", data.toString(), "--archive", archive.toString(), "--force");
        assertEquals(0, archived.exitCode(), archived.err());
        assertEquals(before.subList(1, 3), cycleFiles(data.resolve("journal")));
        assertEquals(List.of(archive.resolve(before.get(0).getFileName())), cycleFiles(archive));

        // A restart from the oldest snapshot still has every record it needs, and reaches the same state.
        final SnapshotStore snapshots = SnapshotStore.open(data.resolve("snapshots"));
        Files.delete(snapshots.list().get(1).path());
        final ToolRun replay = ToolRun.of("replay", "-q", data.toString(), "--from-snapshot");
        assertEquals(0, replay.exitCode(), replay.err());
        assertTrue(replay.out().startsWith("replayed    6 command(s) after snapshot sequence 7\n" +
            "state at    sequence 13, 2024-05-01T10:00:00.013Z\nstate hash  " +
            hex(TestJournals.apply(MARKET).stateHash()) + "\n"), replay.out());
    }

    @Test
    void shouldKeepTheRecordsTheGatewaysCatchUpReplaysAtTheNextStart() throws Exception
    {
        // Three daily cycle files (1..5, 6..10, 11..13); the oldest snapshot alone would let 1..5 go.
        TestJournals.appendOnDay(data, MARKET.subList(0, 5), 0);
        TestJournals.appendOnDay(data, MARKET.subList(5, 10), 1);
        TestJournals.appendOnDay(data, MARKET.subList(10, MARKET.size()), 2);
        TestJournals.snapshot(data, MARKET, 7, null);
        TestJournals.snapshot(data, MARKET, 12, null);
        final List<Path> files = cycleFiles(data.resolve("journal"));
        final Path gateway = data.resolve("gateway");
        Files.createDirectories(gateway);

        // The server stopped before its gateway stored the replies of 4..13: the catch-up replays from scratch.
        setMark(gateway, 3);
        final ToolRun behind = ToolRun.of("prune", data.toString(), "--delete", "--force");
        assertEquals(0, behind.exitCode(), behind.err());
        assertTrue(behind.out().contains("gateway routed through sequence 3 of 13: its next start replays the " +
            "whole journal (no valid snapshot at or before it)"), behind.out());
        assertTrue(behind.out().contains("nothing to prune"), behind.out());
        assertEquals(files, cycleFiles(data.resolve("journal")));

        // Behind the newest snapshot but past the oldest: the catch-up starts from the one at 7, as recovery does.
        setMark(gateway, 9);
        final ToolRun dryRun = ToolRun.of("prune", data.toString());
        assertEquals(0, dryRun.exitCode(), dryRun.err());
        assertTrue(dryRun.out().contains("its next start replays the records after the snapshot at sequence 7"),
            dryRun.out());
        assertTrue(dryRun.out().contains("prunable    " + files.get(0)), dryRun.out());
        assertFalse(dryRun.out().contains(files.get(1).toString()), dryRun.out());

        // Caught up: the mark does not hold anything back.
        setMark(gateway, 13);
        final ToolRun caughtUp = ToolRun.of("prune", data.toString(), "--delete", "--force");
        assertEquals(0, caughtUp.exitCode(), caughtUp.err());
        assertTrue(caughtUp.out().contains("gateway routed through sequence 13, the journal's last: its next start " +
            "replays nothing"), caughtUp.out());
        assertEquals(files.subList(1, 3), cycleFiles(data.resolve("journal")));

        // A mark file that is not one stops the prune before it touches anything.
        Files.write(gateway.resolve(DataDirectory.ROUTED_THROUGH), new byte[7]);
        final ToolRun damaged = ToolRun.of("prune", data.toString(), "--delete", "--force");
        assertEquals(4, damaged.exitCode(), damaged.out());
        assertTrue(damaged.err().contains("routed-through holds 7 bytes, not the 48 of a sequence mark: nothing was pruned"), damaged.err());
        assertEquals(files.subList(1, 3), cycleFiles(data.resolve("journal")));
    }

    @Test
    void shouldRefuseToPruneOrSnapshotWhileAnEngineHoldsTheJournalEvenWithForce()
    {
        TestJournals.append(data, MARKET);
        TestJournals.snapshot(data, MARKET, 7, null);
        try (CommandJournal running = CommandJournal.open(data.resolve("journal"), DurabilityMode.PROCESS))
        {
            for (final String[] args : List.of(new String[] {"prune", data.toString(), "--delete", "--force"},
                new String[] {"snapshot", data.toString(), "--force"}))
            {
                final ToolRun refused = ToolRun.of(args);
                assertEquals(3, refused.exitCode(), refused.out());
                assertTrue(refused.err().contains("an engine has the journal"), refused.err());
            }
        }
        final ToolRun afterwards = ToolRun.of("snapshot", data.toString(), "--force");
        assertEquals(0, afterwards.exitCode(), afterwards.err());
    }

    private static void setMark(final Path gateway, final long journalSequence)
    {
        try (SequenceMark mark = SequenceMark.open(gateway.resolve(DataDirectory.ROUTED_THROUGH)))
        {
            mark.set(journalSequence);
        }
    }

    private static List<Path> cycleFiles(final Path directory) throws java.io.IOException
    {
        try (java.util.stream.Stream<Path> files = Files.list(directory))
        {
            return files.filter(path -> path.toString().endsWith(".cq4")).sorted().toList();
        }
    }
}
