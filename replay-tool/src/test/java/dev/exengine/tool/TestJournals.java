package dev.exengine.tool;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.journal.CommandJournal;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.journal.JournalRecordDescriptor;
import dev.exengine.journal.snapshot.SnapshotStore;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Builds engine data directories (journal/ and snapshots/) for the tests, and damages them on disk. */
final class TestJournals
{
    /** 2024-05-01T10:00:00Z in epoch nanoseconds; record n is stamped BASE + n ms. */
    static final long BASE = 1_714_557_600_000_000_000L;
    static final long ORIGIN = 7;
    private static final int PAGE = 4096;

    private TestJournals()
    {
    }

    static long timestamp(final long sequence)
    {
        return BASE + sequence * 1_000_000L;
    }

    /** A small market: two assets, three accounts, one instrument, deposits, a trade, a resting order, rejects. */
    static List<Command> market()
    {
        return List.of(
            new Command().type(CommandType.ADD_ASSET).assetId(1).scale(8),
            new Command().type(CommandType.ADD_ASSET).assetId(2).scale(4),
            new Command().type(CommandType.OPEN_ACCOUNT).accountId(1),
            new Command().type(CommandType.OPEN_ACCOUNT).accountId(2),
            new Command().type(CommandType.OPEN_ACCOUNT).accountId(3),
            new Command().type(CommandType.ADD_INSTRUMENT).instrumentId(1).baseAssetId(1).quoteAssetId(2).tickSize(100)
                .lotSize(100_000).tickValue(10).minQuantity(100_000).maxQuantity(1_000_000_000L).makerFeePpm(100)
                .takerFeePpm(200).feeAccountId(3),
            new Command().type(CommandType.DEPOSIT).accountId(1).assetId(2).amount(100_000_000L),
            new Command().type(CommandType.DEPOSIT).accountId(2).assetId(1).amount(500_000_000L),
            order(2, 11, Side.SELL, 5_000_000, 200_000),
            order(1, 21, Side.BUY, 5_000_000, 100_000),
            order(1, 22, Side.BUY, 4_900_000, 100_000),
            new Command().type(CommandType.CANCEL_ORDER).accountId(1).orderId(99),
            new Command().type(CommandType.WITHDRAW).accountId(2).assetId(1).amount(1_000));
    }

    static Command order(final long account, final long clientOrderId, final Side side, final long price, final long quantity)
    {
        return new Command().type(CommandType.NEW_ORDER).accountId(account).instrumentId(1).clientOrderId(clientOrderId)
            .side(side).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).price(price).quantity(quantity);
    }

    /** Appends the commands to DATA/journal, stamping command n with {@link #timestamp}(n). */
    static void append(final Path data, final List<Command> commands)
    {
        appendOnDay(data, commands, 0);
    }

    /**
     * As {@link #append}, into the daily cycle file {@code day} days after {@link #BASE}'s: Chronicle picks the file
     * by the writer's clock, so a journal of several cycle files is a few of these calls.
     */
    static void appendOnDay(final Path data, final List<Command> commands, final int day)
    {
        final ExpandableArrayBuffer encoded = new ExpandableArrayBuffer(CommandCodec.MAX_ENCODED_LENGTH);
        try (CommandJournal journal = CommandJournal.open(data.resolve("journal"), DurabilityMode.PROCESS,
            new SetTimeProvider(BASE + day * 86_400_000_000_000L)))
        {
            for (final Command command : commands)
            {
                final int length = CommandCodec.encode(command, encoded, 0);
                journal.append(timestamp(journal.nextSequence()), ORIGIN, ByteBuffer.wrap(encoded.byteArray()), 0, length);
            }
        }
    }

    /** The state a fresh processor reaches on these commands, as the live engine would. */
    static BusinessLogicProcessor apply(final List<Command> commands)
    {
        final BusinessLogicProcessor logic = new BusinessLogicProcessor();
        for (int i = 0; i < commands.size(); i++)
        {
            logic.apply(commands.get(i), i + 1, timestamp(i + 1), event -> { });
        }
        return logic;
    }

    /** Writes a snapshot of the state after the first {@code sequence} commands, recording {@code recordedHash}. */
    static Path snapshot(final Path data, final List<Command> commands, final int sequence, final Long recordedHash)
    {
        final BusinessLogicProcessor logic = apply(commands.subList(0, sequence));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        final int length = logic.writeSnapshot(buffer, 0);
        return SnapshotStore.open(data.resolve("snapshots")).write(sequence,
            recordedHash != null ? recordedHash : logic.stateHash(), ByteBuffer.wrap(buffer.byteArray(), 0, length));
    }

    static Path cycleFile(final Path data) throws IOException
    {
        try (Stream<Path> files = Files.list(data.resolve("journal")))
        {
            final List<Path> cycles = files.filter(p -> p.toString().endsWith(".cq4")).toList();
            if (cycles.size() != 1)
            {
                throw new IllegalStateException("expected one cycle file: " + cycles);
            }
            return cycles.get(0);
        }
    }

    /** Flips a byte in the payload of the record holding this command, so that its CRC fails. */
    static void corrupt(final Path data, final Command command) throws IOException
    {
        final long offset = payloadOffset(data, command) + 3;
        final ByteBuffer one = ByteBuffer.allocate(1);
        try (FileChannel channel = FileChannel.open(cycleFile(data), StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            channel.read(one, offset);
            one.put(0, (byte)(one.get(0) ^ 0x5A)).position(0);
            channel.write(one, offset);
        }
    }

    /** Cuts the cycle file short inside the payload of the record holding this command, as an interrupted copy would. */
    static void truncateInside(final Path data, final Command command) throws IOException
    {
        final long offset = payloadOffset(data, command) + 3;
        try (FileChannel channel = FileChannel.open(cycleFile(data), StandardOpenOption.WRITE))
        {
            channel.truncate(offset);
        }
    }

    /** Zeroes the last 4 KiB page of the cycle file that holds anything, as a power loss leaves an unwritten page. */
    static void zeroLastPage(final Path data) throws IOException
    {
        final Path file = cycleFile(data);
        final byte[] bytes = Files.readAllBytes(file);
        int last = bytes.length - 1;
        while (bytes[last] == 0)
        {
            last--;
        }
        zeroPage(file, last / PAGE);
    }

    /** Zeroes the page that holds the head of Chronicle's first index array (its field name is "index"). */
    static void zeroIndexPage(final Path data) throws IOException
    {
        final Path file = cycleFile(data);
        zeroPage(file, find(Files.readAllBytes(file), new byte[] {(byte)0xB9, 5, 'i', 'n', 'd', 'e', 'x'}) / PAGE);
    }

    private static void zeroPage(final Path file, final long page) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(PAGE), page * PAGE);
        }
    }

    /** Where in the cycle file the encoded command, the payload of its record, is. */
    private static long payloadOffset(final Path data, final Command command) throws IOException
    {
        final ExpandableArrayBuffer encoded = new ExpandableArrayBuffer(CommandCodec.MAX_ENCODED_LENGTH);
        final int length = CommandCodec.encode(command, encoded, 0);
        final byte[] needle = new byte[length];
        new UnsafeBuffer(encoded.byteArray()).getBytes(0, needle);
        return find(Files.readAllBytes(cycleFile(data)), needle);
    }

    private static long find(final byte[] bytes, final byte[] needle)
    {
        for (int i = 0; i + needle.length <= bytes.length; i++)
        {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length))
            {
                return i;
            }
        }
        throw new IllegalStateException("not found in the cycle file: " + Arrays.toString(needle));
    }

    /** Rewrites the record-format version of a journal's metadata file, as a newer engine would leave it. */
    static void markNewerFormat(final Path data) throws IOException
    {
        final Path meta = data.resolve("journal").resolve("journal.meta");
        Files.writeString(meta, Files.readString(meta).replace("formatVersion=" + JournalRecordDescriptor.CURRENT_VERSION,
            "formatVersion=" + (JournalRecordDescriptor.CURRENT_VERSION + 1)));
    }
}
