package dev.exengine.bench;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.journal.CommandJournal;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.journal.JournalRecordDescriptor;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The cost of journaling one command: {@link CommandJournal#append} of an encoded NEW_ORDER (process mode), next to
 * a bare Chronicle Queue append of the same number of bytes as the journal's record (its header, the command and
 * the CRC), in the same run, so that the ratio of the two is the journal's own overhead (record framing and
 * CRC32C); and the fsync mode with a group commit ({@code flush()}) every 256 appends. Each iteration writes into a
 * fresh directory, deleted after it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JournalBenchmark extends BenchmarkJvm
{
    private static final int GROUP_COMMIT = 256;

    private final ByteBuffer payload = ByteBuffer.allocateDirect(CommandCodec.MAX_ENCODED_LENGTH);
    private int payloadLength;
    private byte[] rawRecord;
    private Path directory;
    private CommandJournal processJournal;
    private CommandJournal fsyncJournal;
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private long timestamp;
    private int pending;

    @Setup(Level.Trial)
    public void encode()
    {
        final Command command = new Command().type(CommandType.NEW_ORDER).accountId(17).instrumentId(1)
            .clientOrderId(123_456_789L).side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
            .price(OrderFlow.MID_PRICE).quantity(25);
        payloadLength = CommandCodec.encode(command, new UnsafeBuffer(payload), 0);
        rawRecord = new byte[JournalRecordDescriptor.recordLength(payloadLength)];
        payload.get(0, rawRecord, JournalRecordDescriptor.PAYLOAD_OFFSET, payloadLength);
        System.out.println();
        System.out.println("command " + payloadLength + " bytes, journal record " + rawRecord.length + " bytes");
    }

    @Setup(Level.Iteration)
    public void open()
    {
        directory = TempDirectory.create("journal-bench");
        processJournal = CommandJournal.open(directory.resolve("process"), DurabilityMode.PROCESS);
        fsyncJournal = CommandJournal.open(directory.resolve("fsync"), DurabilityMode.FSYNC);
        queue = SingleChronicleQueueBuilder.binary(directory.resolve("chronicle")).build();
        appender = queue.createAppender();
        pending = 0;
    }

    @TearDown(Level.Iteration)
    public void close()
    {
        processJournal.close();
        fsyncJournal.close();
        appender.close();
        queue.close();
        TempDirectory.delete(directory);
    }

    @Benchmark
    public long journalAppend()
    {
        return processJournal.append(++timestamp, 1, payload, 0, payloadLength);
    }

    @Benchmark
    public void chronicleAppend()
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(rawRecord, 0, rawRecord.length);
        }
    }

    @Benchmark
    public long journalAppendFsyncGroupCommit()
    {
        final long sequence = fsyncJournal.append(++timestamp, 1, payload, 0, payloadLength);
        if (++pending == GROUP_COMMIT)
        {
            pending = 0;
            fsyncJournal.flush();
        }
        return sequence;
    }
}
