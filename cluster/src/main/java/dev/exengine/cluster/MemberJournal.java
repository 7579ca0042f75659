package dev.exengine.cluster;

import dev.exengine.journal.CommandJournal;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.journal.JournalReader;
import dev.exengine.journal.JournalRecordHandler;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.storage.DataDirectory;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A member's copy of the commands it applies, in the project's journal format ({@code DATA/member-ID/journal}), and
 * its project-format snapshots ({@code snapshots/}), so that {@code replay-tool} and the gateway's catch-up work on a
 * member's data as on a single node's. The journal sequence is the cluster's command number: the n-th state-changing
 * command of the log, the same command on every member.
 *
 * <p>The cluster's log is the record that counts; this is derived from it. When a member starts, the cluster replays
 * the log from the member's newest snapshot: the commands this journal holds already are compared with it record for
 * record (a journal of another cluster, or another history, is refused at the first difference), and only those after
 * its end are appended. Each record is committed as it is appended, before anything it caused leaves the member, in
 * {@link DurabilityMode#PROCESS} mode: the cluster's quorum, not this file, is what makes a command durable.
 *
 * <p>Owned by the service's thread. Allocates nothing per command once the comparison is over.
 */
final class MemberJournal implements AutoCloseable
{
    private final Path journalDirectory;
    private final CommandJournal journal;
    private final SnapshotStore snapshots;
    private final int snapshotsToKeep;
    /** The journal's last sequence when it was opened: what a replay of the log must match, not append. */
    private final long endAtOpen;
    private final ByteBuffer record = ByteBuffer.allocate(1024);
    private final UnsafeBuffer recordView = new UnsafeBuffer(record);
    /** The record the comparison read: its fields, and its payload in {@link #stored}. */
    private final UnsafeBuffer stored = new UnsafeBuffer(new byte[1024]);
    private final JournalRecordHandler onStored = this::onStored;
    private JournalReader comparing;
    private long storedSequence;
    private long storedTimestamp;
    private long storedOrigin;
    private int storedLength;

    MemberJournal(final Path dataDirectory, final int snapshotsToKeep)
    {
        this.journalDirectory = dataDirectory.resolve(DataDirectory.JOURNAL);
        this.snapshotsToKeep = snapshotsToKeep;
        this.journal = CommandJournal.open(journalDirectory, DurabilityMode.PROCESS);
        try
        {
            this.snapshots = SnapshotStore.open(dataDirectory.resolve(DataDirectory.SNAPSHOTS));
        }
        catch (final RuntimeException ex)
        {
            journal.close();
            throw ex;
        }
        this.endAtOpen = journal.nextSequence() - 1;
    }

    Path directory()
    {
        return journalDirectory;
    }

    /** The journal's last sequence when the member started. */
    long endAtOpen()
    {
        return endAtOpen;
    }

    /**
     * The service's state was restored through {@code sequence} (0: from nothing); the log's replay continues after it.
     *
     * @throws MemberRefusedException when the journal ends before that: it cannot be this member's.
     */
    void restoredThrough(final long sequence)
    {
        if (endAtOpen < sequence)
        {
            throw new MemberRefusedException("the journal in " + journalDirectory + " ends at sequence " + endAtOpen +
                " but the member's cluster snapshot covers " + sequence + " commands: the journal was cut short or " +
                "is not this member's (a member's journal always holds what its snapshots cover)");
        }
        if (endAtOpen > sequence)
        {
            comparing = JournalReader.open(journalDirectory);
            if (!comparing.seek(sequence + 1))
            {
                stopComparing();
                throw new MemberRefusedException("the journal in " + journalDirectory + " does not hold sequence " +
                    (sequence + 1) + ", where the log's replay continues");
            }
        }
    }

    /**
     * Takes the command the service applies as journal sequence {@code sequence}: compares it with the record the
     * journal holds there already, or appends and commits it.
     *
     * @return true when it was appended: a command this member had not applied before, whose events are new.
     * @throws MemberRefusedException when the journal holds another command there.
     */
    boolean take(final long sequence, final long timestamp, final long origin, final DirectBuffer payload,
        final int offset, final int length)
    {
        if (sequence <= endAtOpen)
        {
            compare(sequence, timestamp, origin, payload, offset, length);
            if (sequence == endAtOpen)
            {
                stopComparing();
            }
            return false;
        }
        if (sequence != journal.nextSequence())
        {
            throw new IllegalStateException("journal sequence " + sequence + " applied where the journal expects " +
                journal.nextSequence());
        }
        recordView.putBytes(0, payload, offset, length);
        journal.append(timestamp, origin, record, 0, length);
        journal.flush();
        return true;
    }

    /** Writes a project-format snapshot of the state the service serialised, and keeps the newest few. */
    void writeSnapshot(final long sequence, final long stateHash, final DirectBuffer state, final int length)
    {
        final ByteBuffer bytes = ByteBuffer.allocate(length);
        state.getBytes(0, bytes, 0, length);
        snapshots.write(sequence, stateHash, bytes);
        snapshots.retain(snapshotsToKeep);
    }

    @Override
    public void close()
    {
        try
        {
            stopComparing();
        }
        finally
        {
            journal.close();
        }
    }

    private void compare(final long sequence, final long timestamp, final long origin, final DirectBuffer payload,
        final int offset, final int length)
    {
        storedLength = -1;
        if (comparing == null || comparing.poll(onStored, 1) != 1)
        {
            throw new MemberRefusedException("the journal in " + journalDirectory + " ends before sequence " +
                sequence + ", which it held when the member started");
        }
        boolean same = storedSequence == sequence && storedTimestamp == timestamp && storedOrigin == origin && storedLength == length;
        for (int i = 0; same && i < length; i++)
        {
            same = stored.getByte(i) == payload.getByte(offset + i);
        }
        if (!same)
        {
            throw new MemberRefusedException("the journal in " + journalDirectory + " holds another command at " +
                "sequence " + sequence + " than the cluster's log: the journal is not this member's, or the member's " +
                "Aeron state (aeron/: the log and snapshots it recorded) was lost or damaged and the log replays another " +
                "history. Restore the member's data directory, or replace the member (README, \"Running a cluster\")");
        }
    }

    private void onStored(final long sequence, final long timestamp, final long origin, final ByteBuffer buffer,
        final int offset, final int length)
    {
        storedSequence = sequence;
        storedTimestamp = timestamp;
        storedOrigin = origin;
        storedLength = length;
        if (length <= stored.capacity())
        {
            stored.putBytes(0, buffer, offset, length);
        }
        else
        {
            storedLength = -1;
        }
    }

    private void stopComparing()
    {
        if (comparing != null)
        {
            comparing.close();
            comparing = null;
        }
    }
}
