package dev.exengine.tool;

import dev.exengine.core.command.CommandType;
import dev.exengine.journal.JournalReader;
import dev.exengine.journal.JournalRecordHandler;
import dev.exengine.replay.EpochHistory;
import org.agrona.ExpandableArrayBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Two journals side by side, record for record: the question an operator asks of a primary and its standby, or of a
 * former primary before it rejoins. Each record is compared whole (sequence, timestamp, origin and command bytes), so
 * the first sequence named is where the two histories part, whatever the epochs say.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    header = "Compares two journals record for record; names the first sequence where they differ.",
    description = {"Reads both journals from their first record and compares every record (sequence, timestamp,",
        "origin and command bytes). Prints each journal's epochs and either that they are the same, that one is",
        "the beginning of the other (a standby behind its primary), or the first sequence where they differ",
        "with both records' times: the records from there on are one journal's own (see bin/engine",
        "set-aside-tail). Exit 0 when one journal is the other or its beginning (with --exact: only when they",
        "are the same), 1 when they differ."})
final class CompareCommand implements Callable<Integer>
{
    private static final int PROGRESS_EVERY = 1 << 20;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR_A", description = "A data directory or a journal directory.")
    Path first;

    @Parameters(index = "1", paramLabel = "DIR_B", description = "The other data directory or journal directory.")
    Path second;

    @Option(names = "--exact", description = "Fail (exit 1) when one journal is longer than the other, too.")
    boolean exact;

    @Override
    public Integer call()
    {
        final JournalLocation a = JournalLocation.resolve(first, null);
        final JournalLocation b = JournalLocation.resolve(second, null);
        final PrintWriter out = spec.commandLine().getOut();
        out.printf("A  %s  epochs %s%n", a.journal(), EpochHistory.read(a.journal()));
        out.printf("B  %s  epochs %s%n", b.journal(), EpochHistory.read(b.journal()));
        out.flush();
        try (JournalReader readerA = JournalReader.openReadOnly(a.journal());
            JournalReader readerB = JournalReader.openReadOnly(b.journal()))
        {
            final Holder recordA = new Holder();
            final Holder recordB = new Holder();
            long same = 0;
            while (true)
            {
                final boolean hasA = readerA.poll(recordA, 1) > 0;
                final boolean hasB = readerB.poll(recordB, 1) > 0;
                if (!hasA || !hasB)
                {
                    return ends(out, same, hasA ? recordA : null, hasB ? recordB : null, readerA, readerB);
                }
                if (!recordA.sameAs(recordB))
                {
                    out.printf("differ    from sequence %d (the %,d records before it are the same)%n",
                        Math.min(recordA.sequence, recordB.sequence), same);
                    out.printf("  A: %s%n  B: %s%n", recordA.describe(), recordB.describe());
                    out.printf("  A's journal ends at %d, B's at %d%n", readerA.lastSequence(), readerB.lastSequence());
                    return ExitCodes.FAILED;
                }
                same++;
                if ((same & (PROGRESS_EVERY - 1)) == 0)
                {
                    spec.commandLine().getErr().printf("compare: %,d records the same%n", same);
                }
            }
        }
    }

    private int ends(final PrintWriter out, final long same, final Holder onlyA, final Holder onlyB,
        final JournalReader readerA, final JournalReader readerB)
    {
        if (onlyA == null && onlyB == null)
        {
            out.printf("same      %,d records%n", same);
            return ExitCodes.OK;
        }
        final String longer = onlyA != null ? "A" : "B";
        final String shorter = onlyA != null ? "B" : "A";
        final Holder next = onlyA != null ? onlyA : onlyB;
        final long longerEnd = onlyA != null ? readerA.lastSequence() : readerB.lastSequence();
        out.printf("prefix    %s is the beginning of %s: the %,d records of %s are %s's first; %s goes on from " +
            "sequence %d to %d%n", shorter, longer, same, shorter, longer, longer, next.sequence, longerEnd);
        return exact ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /** One record, copied out of the reader's buffer, which the next poll reuses. */
    private static final class Holder implements JournalRecordHandler
    {
        private final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(256);
        long sequence;
        long timestamp;
        long origin;
        int length;

        @Override
        public void onRecord(final long sequence, final long timestamp, final long origin, final ByteBuffer buffer,
            final int offset, final int length)
        {
            this.sequence = sequence;
            this.timestamp = timestamp;
            this.origin = origin;
            this.length = length;
            bytes.putBytes(0, buffer, offset, length);
        }

        boolean sameAs(final Holder other)
        {
            if (sequence != other.sequence || timestamp != other.timestamp || origin != other.origin ||
                length != other.length)
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                if (bytes.getByte(i) != other.bytes.getByte(i))
                {
                    return false;
                }
            }
            return true;
        }

        String describe()
        {
            return String.format("sequence %d at %s, origin %d, %d bytes, command %s", sequence,
                Timestamps.iso(timestamp), origin, length,
                length > 0 ? typeName(bytes.getByte(0)) : "(empty)");
        }

        private static String typeName(final byte code)
        {
            final CommandType type = CommandType.fromCode(code);
            return type == null ? "(undecodable code " + code + ")" : type.name();
        }
    }
}
