package dev.exengine.server;

import dev.exengine.client.ExchangeClient;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.gateway.stream.OutboundStore;
import dev.exengine.gateway.stream.SessionArchive;
import dev.exengine.gateway.stream.StoredMessages;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.replay.JournalReplay;
import dev.exengine.server.ReplicationFixture.Recorder;
import dev.exengine.storage.DataDirectory;
import dev.exengine.tool.ReplayTool;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.exengine.server.ReplicationFixture.ALICE;
import static dev.exengine.server.ReplicationFixture.BOB;
import static dev.exengine.server.ReplicationFixture.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An online backup ({@code bin/engine backup}) taken while two clients trade, restored by starting a node on it.
 */
class BackupTest
{
    private static final int ORDERS_PER_ROUND = 10;

    @TempDir
    Path dir;

    @Test
    void shouldRestoreABackupTakenUnderLoadToTheStateAndStreamsOfItsSequence() throws Exception
    {
        final Path original = dir.resolve("original");
        final Path backup = dir.resolve("backup");
        final long originalHash;
        final long originalEnd;
        try (ReplicationFixture fixture = new ReplicationFixture(dir);
             Node node = start(fixture, "original"))
        {
            final Recorder alice = new Recorder();
            final Recorder bob = new Recorder();
            final ExchangeClient aliceClient = fixture.login(alice, "alice", "alicepw", node.address());
            final ExchangeClient bobClient = fixture.login(bob, "bob", "bobpw", node.address());
            final AtomicBoolean trading = new AtomicBoolean(true);
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread load = new Thread(() -> trade(aliceClient, alice, bobClient, bob, trading, failure), "load");
            load.start();
            try
            {
                // A backup after a snapshot (every 150 commands) was written, so that there is one to copy: alice's
                // 300 messages alone may come from fewer commands than that.
                awaitTrue(() -> (alice.sequences.size() > 300 && node.engine().snapshotsWritten() > 0) ||
                    failure.get() != null);
                final Run run = backup("--data", original.toString(), "--to", backup.toString());
                assertEquals(0, run.exitCode, run.err);
                assertTrue(run.out.contains("check it: bin/replay-tool verify " + backup), run.out);
                final int atBackup = alice.sequences.size();
                awaitTrue(() -> alice.sequences.size() > atBackup + 100 || failure.get() != null);
            }
            finally
            {
                trading.set(false);
                load.join();
            }
            assertNull(failure.get(), () -> "the load failed: " + failure.get());
            originalHash = node.shutdown();
            originalEnd = JournalReplay.of(original.resolve(DataDirectory.JOURNAL)).run().lastSequence();
        }

        final long sequence = Long.parseLong(manifest(backup).getProperty("journal.sequence"));
        assertTrue(sequence > 0 && sequence < originalEnd, "the backup's sequence " + sequence +
            " is inside the journal, which went on to " + originalEnd);
        assertEquals(0, new CommandLine(new ReplayTool()).execute("verify", backup.toString()),
            "replay-tool verify on the backup");
        assertTrue(Files.list(backup.resolve(DataDirectory.SNAPSHOTS)).findAny().isPresent(), "snapshots copied");
        final long expectedHash = JournalReplay.of(original.resolve(DataDirectory.JOURNAL)).untilSequence(sequence)
            .run().logic().stateHash();

        final long restoredHash;
        try (ReplicationFixture fixture = new ReplicationFixture(dir);
             Node restored = start(fixture, "backup"))
        {
            final long aliceMessages = upTo(original, "alice", sequence).size();
            final Recorder alice = new Recorder();
            final ExchangeClient client = fixture.login(alice, "alice", "alicepw", restored.address());
            ReplicationFixture.pollUntil(() -> alice.sequences.size() >= aliceMessages, client);
            assertEquals(aliceMessages, alice.sequences.size(), "alice's stream replayed from 1 on the restored node");
            for (int i = 0; i < alice.sequences.size(); i++)
            {
                assertEquals(i + 1, alice.sequences.get(i), "no gap, no duplicate");
            }
            restoredHash = restored.shutdown();
        }
        assertEquals(expectedHash, restoredHash, "the restored state is the original's at the backup's sequence");
        assertFalse(originalHash == restoredHash, "the original went on trading after the backup");
        for (final String user : new String[] {"alice", "bob"})
        {
            final List<byte[]> restoredStream = stream(backup, user);
            final List<byte[]> originalStream = upTo(original, user, sequence);
            assertEquals(originalStream.size(), restoredStream.size(), user + "'s stream");
            for (int i = 0; i < originalStream.size(); i++)
            {
                assertArrayEquals(originalStream.get(i), restoredStream.get(i), user + "'s message " + (i + 1));
            }
        }
    }

    @Test
    void shouldRefuseABackupIntoADirectoryThatExists() throws IOException
    {
        final Path data = Files.createDirectories(dir.resolve("data").resolve(DataDirectory.JOURNAL)).getParent();
        final Path existing = Files.createDirectories(dir.resolve("existing"));

        final Run run = backup("--data", data.toString(), "--to", existing.toString());

        assertEquals(2, run.exitCode);
        assertTrue(run.err.contains(existing + " exists: a backup goes into a new directory"), run.err);
    }

    @Test
    void shouldRefuseADirectoryWithoutAJournal()
    {
        final Run run = backup("--data", dir.resolve("nothing").toString(), "--to", dir.resolve("b").toString());

        assertEquals(2, run.exitCode);
        assertTrue(run.err.contains("no journal in " + dir.resolve("nothing")), run.err);
        assertFalse(Files.exists(dir.resolve("b")));
    }

    private static Node start(final ReplicationFixture fixture, final String name)
    {
        return Node.start(fixture.engineConfig(name, DurabilityMode.PROCESS).snapshotEveryCommands(150),
            fixture.gatewayConfig(name), null, ReplicationFixture.market(), null, ServerSettings.Role.PRIMARY);
    }

    /** Bob sells what alice buys at one price, round after round, each side waiting for its answers. */
    private static void trade(
        final ExchangeClient alice, final Recorder aliceAnswers, final ExchangeClient bob, final Recorder bobAnswers,
        final AtomicBoolean trading, final AtomicReference<Throwable> failure)
    {
        try
        {
            long orderId = 1;
            while (trading.get())
            {
                final int aliceBefore = aliceAnswers.outcomes.size();
                final int bobBefore = bobAnswers.outcomes.size();
                for (int i = 0; i < ORDERS_PER_ROUND; i++, orderId++)
                {
                    bob.newOrder(BOB, 1, orderId, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, false, 6_000_000,
                        100_000);
                    alice.newOrder(ALICE, 1, orderId, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 6_000_000,
                        100_000);
                }
                while (aliceAnswers.outcomes.size() < aliceBefore + ORDERS_PER_ROUND ||
                    bobAnswers.outcomes.size() < bobBefore + ORDERS_PER_ROUND)
                {
                    if (alice.poll() + bob.poll() == 0)
                    {
                        Thread.yield();
                    }
                }
            }
        }
        catch (final Throwable ex)
        {
            failure.set(ex);
        }
    }

    /** The user's stored messages of the commands up to {@code sequence}. */
    private static List<byte[]> upTo(final Path data, final String user, final long sequence) throws IOException
    {
        final List<byte[]> messages = new ArrayList<>();
        for (final byte[] message : stream(data, user))
        {
            if (StoredMessages.journalSequence(new UnsafeBuffer(message), message.length) > sequence)
            {
                break;
            }
            messages.add(message);
        }
        return messages;
    }

    private static List<byte[]> stream(final Path data, final String user)
    {
        final List<byte[]> messages = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 16]);
        try (OutboundStore store = OutboundStore.openReadOnly(data.resolve(DataDirectory.GATEWAY)
                .resolve(SessionArchive.USERS).resolve(user));
             OutboundStore.Cursor cursor = store.cursor())
        {
            if (cursor.seek(1))
            {
                int length;
                while ((length = cursor.read(buffer, 0, buffer.capacity())) >= 0)
                {
                    messages.add(Arrays.copyOf(buffer.byteArray(), length));
                }
            }
        }
        return messages;
    }

    private static Properties manifest(final Path backup) throws IOException
    {
        final Properties manifest = new Properties();
        try (Reader reader = Files.newBufferedReader(backup.resolve(OnlineBackup.MANIFEST)))
        {
            manifest.load(reader);
        }
        return manifest;
    }

    private static Run backup(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine engine = EngineMain.commandLine();
        engine.setOut(new PrintWriter(out));
        engine.setErr(new PrintWriter(err));
        final String[] command = new String[args.length + 1];
        command[0] = "backup";
        System.arraycopy(args, 0, command, 1, args.length);
        final int exitCode = engine.execute(command);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err)
    {
    }
}
