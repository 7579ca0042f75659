package dev.exengine.tool;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.journal.JournalReader;
import dev.exengine.journal.JournalRecordHandler;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Decoded journal records, one per line. */
@picocli.CommandLine.Command(name = "print", mixinStandardHelpOptions = true,
    header = "Decoded records, one per line (text or JSON lines), filtered; --follow tails a live journal.",
    description = {"Prints the journal's records decoded, one per line, as text or JSON lines.",
        "Text: SEQUENCE TIME origin=ORIGIN TYPE field=value ... (fields that are zero are left out).",
        "JSON: every field the command's type has, 0 included; 64-bit integers (sequence, timestamp, origin, ids,",
        "amounts) are strings (docs/OUTPUT-FORMATS.md).",
        "--follow tails the journal of a running engine (read-only) until Ctrl-C."})
final class PrintCommand implements Callable<Integer>, JournalRecordHandler
{
    private static final long MIN_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final String UNDECODABLE = "UNDECODABLE";

    @Spec
    CommandSpec spec;

    @Mixin
    JournalOptions journal;

    @Mixin
    RecordFilter filter;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json (one object per line).")
    OutputFormat format = OutputFormat.text;

    @Option(names = "--scaled", description = "Amounts, quantities, prices and fees as decimals of their assets " +
        "rather than minor units (reads the journal's assets and instruments first).")
    boolean scaled;

    @Option(names = {"-f", "--follow"},
        description = "Keep reading as the engine appends (read-only; polls with a backoff up to 100 ms when idle); " +
            "a --from-seq past the end waits until the engine writes it.")
    boolean follow;

    private final Command command = new Command();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final StringBuilder line = new StringBuilder(256);
    private final StringBuilder text = new StringBuilder(256);
    private final JsonLine json = new JsonLine();
    private Scales scales;
    private PrintWriter out;
    private volatile boolean stopRequested;
    private boolean done;
    private long lastSequence;

    @Override
    public Integer call()
    {
        if (format == OutputFormat.csv)
        {
            throw new ParameterException(spec.commandLine(), "print writes text or json; csv is for 'events'");
        }
        final JournalLocation location = journal.location();
        out = spec.commandLine().getOut();
        scales = scaled ? Scales.read(location) : null;
        try (JournalReader reader = JournalReader.open(location.journal()))
        {
            position(reader);
            if (follow)
            {
                follow(reader);
            }
            else
            {
                boolean more = true;
                while (more)
                {
                    // checkError flushes once per batch and tells when the reader of a pipe has gone (| head)
                    more = !done && reader.poll(this, limit()) > 0 && !out.checkError();
                }
            }
        }
        finally
        {
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** Never reads past --to-seq, so that a damaged record after the asked range does not fail the command. */
    private int limit()
    {
        return (int)Math.max(1, Math.min(JournalScan.BATCH, filter.toSequence - Math.max(lastSequence, filter.fromSequence - 1)));
    }

    private void position(final JournalReader reader)
    {
        if (filter.fromSequence > 1)
        {
            if (!reader.seek(filter.fromSequence))
            {
                final long last = reader.lastSequence();
                if (filter.fromSequence > last + 1)
                {
                    if (!follow)
                    {
                        throw new ToolException(ExitCodes.USAGE, "--from-seq " + filter.fromSequence +
                            " is past the end of the journal (last sequence " + last + "); --follow waits for it");
                    }
                    // following: read on from the end, and print from the asked sequence once the engine writes it
                    reader.seek(last + 1);
                }
                // else before the first record kept on disk (retention): start at the first one
            }
        }
        else if (filter.fromTime != Long.MIN_VALUE)
        {
            reader.seekToTimestamp(filter.fromTime);
        }
    }

    private void follow(final JournalReader reader)
    {
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            stopRequested = true;
            awaitQuietly(finished);
        }, "replay-tool-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            long idleNanos = MIN_IDLE_NANOS;
            while (!done && !stopRequested && !Thread.currentThread().isInterrupted())
            {
                if (reader.poll(this, limit()) > 0)
                {
                    out.flush();
                    idleNanos = MIN_IDLE_NANOS;
                }
                else
                {
                    LockSupport.parkNanos(idleNanos);
                    idleNanos = Math.min(MAX_IDLE_NANOS, idleNanos * 2);
                }
            }
        }
        finally
        {
            out.flush();
            finished.countDown();
            removeQuietly(hook);
        }
    }

    @Override
    public void onRecord(
        final long sequence, final long timestamp, final long origin, final ByteBuffer buffer, final int offset,
        final int length)
    {
        if (done || filter.pastEnd(sequence, timestamp))
        {
            done = true;
            return;
        }
        lastSequence = sequence;
        done = sequence >= filter.toSequence;
        view.wrap(buffer, offset, length);
        final boolean decoded = CommandCodec.decode(view, 0, length, command) != CommandCodec.MALFORMED;
        if (decoded && scales != null)
        {
            // an asset or instrument added while following, also before the range shown
            scales.learn(sequence, timestamp, command);
        }
        if (!filter.inRange(sequence, timestamp) || (decoded ? !filter.matches(command) : filter.selectsContent()))
        {
            return;
        }
        line.setLength(0);
        if (format == OutputFormat.json)
        {
            json.begin();
            json.field("sequence", sequence);
            json.field("timestamp", timestamp);
            json.field("time", Timestamps.iso(timestamp));
            json.field("origin", origin);
            if (decoded)
            {
                json.field("type", command.type().name());
                for (final String name : CommandCodec.fieldNames(command.type()))
                {
                    final RecordFields.Field field = RecordFields.COMMAND.field(name);
                    final Object value = field.value(command);
                    json.field(name, scales == null ? value :
                        scales.shown(field, value, command.assetId(), command.instrumentId(), command));
                }
            }
            else
            {
                json.field("type", UNDECODABLE);
                json.field("length", length);
            }
            line.append(json.end());
        }
        else
        {
            line.append(sequence).append(' ').append(Timestamps.iso(timestamp)).append(" origin=").append(origin)
                .append(' ');
            text.setLength(0);
            if (!decoded)
            {
                line.append(UNDECODABLE).append(" length=").append(length);
            }
            else if (scales != null)
            {
                CanonicalText.appendScaled(command.appendTo(text), scales, command.assetId(), command.instrumentId(),
                    command, line);
            }
            else
            {
                line.append(command.appendTo(text));
            }
        }
        out.println(line);
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(2, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(final Thread hook)
    {
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException shuttingDown)
        {
            // the JVM is exiting because of Ctrl-C: the hook is running and waits for us
        }
    }
}
