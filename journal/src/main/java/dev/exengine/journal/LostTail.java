package dev.exengine.journal;

import java.nio.file.Path;
import java.util.List;

/**
 * Bytes past the journal's end that no reader reaches and that hold no intact record, in the last cycle file
 * readers reach and in any later one: what a power loss leaves of the last documents of a memory-mapped file. Found
 * by {@link JournalEnd} when no writer appends, set aside by {@link TailRepair}.
 */
public final class LostTail
{
    private final Path file;
    private final int cycle;
    private final long documents;
    private final long from;
    private final long to;
    private final long writePosition;
    private final boolean rebuild;
    private final List<Path> laterFiles;
    private final long afterSequence;

    LostTail(
        final Path file, final int cycle, final long documents, final long from, final long to,
        final long writePosition, final boolean rebuild, final List<Path> laterFiles, final long afterSequence)
    {
        this.file = file;
        this.cycle = cycle;
        this.documents = documents;
        this.from = from;
        this.to = to;
        this.writePosition = writePosition;
        this.rebuild = rebuild;
        this.laterFiles = List.copyOf(laterFiles);
        this.afterSequence = afterSequence;
    }

    /** The last cycle file readers reach. */
    public Path file()
    {
        return file;
    }

    /** Where in {@link #file()} readers stop. */
    public long from()
    {
        return from;
    }

    /** The end of the bytes written past {@link #from()}; equal to it when none were. */
    public long to()
    {
        return to;
    }

    /** Cycle files after {@link #file()}, which no reader reaches at all. */
    public List<Path> laterFiles()
    {
        return laterFiles;
    }

    /** The journal's end, after which the lost records were. */
    public long afterSequence()
    {
        return afterSequence;
    }

    /** Whether {@link #file()} must be rebuilt from the documents readers reach before a writer appends to it. */
    boolean rebuild()
    {
        return rebuild;
    }

    int cycle()
    {
        return cycle;
    }

    /** The documents of {@link #file()} that readers reach, metadata aside. */
    long documents()
    {
        return documents;
    }

    /** Where the damage is, in one sentence for a log or a report. */
    public String describe()
    {
        final StringBuilder text = new StringBuilder("readers stop at byte ").append(from).append(" of ")
            .append(file).append(", after sequence ").append(afterSequence);
        if (writePosition > from)
        {
            text.append(", but Chronicle's header of the file puts its last document at byte ").append(writePosition);
        }
        if (to > from)
        {
            text.append("; bytes ").append(from).append("..").append(to).append(" hold no intact record");
        }
        if (!laterFiles.isEmpty())
        {
            text.append("; the later cycle file(s) ").append(laterFiles).append(" hold no intact record either");
        }
        return text.toString();
    }
}
