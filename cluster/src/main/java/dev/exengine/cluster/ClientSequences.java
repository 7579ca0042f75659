package dev.exengine.cluster;

import io.aeron.cluster.codecs.CloseReason;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The last sequence the service took from each client (a gateway's ingress), part of the replicated state and of every
 * snapshot: after a failover a client resends what it has not seen applied, and what the log already holds is dropped
 * here, so that no command is applied twice. A client sends its sequences in order (go-back-N), so one number per
 * client is enough: the next one is taken, an older one is a duplicate, a later one follows a message the log lost and
 * is dropped too (the client resends from the lost one).
 *
 * <p>A client that closes its session cleanly has nothing in flight and is forgotten at once. One whose session ended
 * otherwise (timed out: the client died, or will come back with a new session and resend) is kept for
 * {@link #RETENTION_NANOS} of cluster time after the end, then forgotten. The rule is a constant, not configuration:
 * every member must forget at the same point of the log.
 */
final class ClientSequences
{
    /** How long after its session ended a client that did not close cleanly is still known. */
    static final long RETENTION_NANOS = TimeUnit.HOURS.toNanos(1);

    /** What to do with a message. */
    enum Verdict
    {
        /** The next one of its client: apply it. */
        TAKE,
        /** Taken before: drop it. */
        DUPLICATE,
        /** Comes after one the log does not hold: drop it; the client resends from the missing one. */
        GAP
    }

    private static final int ENTRY_LENGTH = 4 * Long.BYTES;

    private static final class Client
    {
        final long id;
        long lastSequence;
        long sessionId;
        /** The cluster time its session ended without a clean close; -1 while a session is open. */
        long endedAt = -1;

        Client(final long id)
        {
            this.id = id;
        }
    }

    private final Long2ObjectHashMap<Client> clients = new Long2ObjectHashMap<>();

    /**
     * Decides about the message {@code sequence} of a client and, when it is taken, records it.
     *
     * @param sessionId the cluster session it came in on.
     */
    Verdict offer(final long clientId, final long sequence, final long sessionId)
    {
        Client client = clients.get(clientId);
        final long last = client == null ? 0 : client.lastSequence;
        if (sequence <= last)
        {
            return Verdict.DUPLICATE;
        }
        if (sequence != last + 1)
        {
            return Verdict.GAP;
        }
        if (client == null)
        {
            client = new Client(clientId);
            clients.put(clientId, client);
        }
        client.lastSequence = sequence;
        client.sessionId = sessionId;
        client.endedAt = -1;
        return Verdict.TAKE;
    }

    /** The last sequence taken from a client; 0 when it is not known. */
    long lastSequence(final long clientId)
    {
        final Client client = clients.get(clientId);
        return client == null ? 0 : client.lastSequence;
    }

    int size()
    {
        return clients.size();
    }

    /**
     * A session ended: the clients whose last message came on it are forgotten when it closed cleanly, and kept for
     * {@link #RETENTION_NANOS} otherwise; those kept longer than that are forgotten now.
     */
    void onSessionClose(final long sessionId, final CloseReason reason, final long timestamp)
    {
        final Long2ObjectHashMap<Client>.ValueIterator clientsLeft = clients.values().iterator();
        while (clientsLeft.hasNext())
        {
            final Client client = clientsLeft.next();
            if (client.sessionId == sessionId && client.endedAt < 0)
            {
                if (reason == CloseReason.CLIENT_ACTION)
                {
                    clientsLeft.remove();
                    continue;
                }
                client.endedAt = timestamp;
            }
            if (client.endedAt >= 0 && timestamp - client.endedAt > RETENTION_NANOS)
            {
                clientsLeft.remove();
            }
        }
    }

    /** Bytes {@link #write} takes. */
    int encodedLength()
    {
        return Integer.BYTES + clients.size() * ENTRY_LENGTH;
    }

    /**
     * Writes every client, in id order (so that equal states write equal bytes).
     *
     * @return the length written.
     */
    int write(final MutableDirectBuffer buffer, final int offset)
    {
        final List<Client> sorted = new ArrayList<>(clients.values());
        sorted.sort(Comparator.comparingLong(client -> client.id));
        buffer.putInt(offset, sorted.size(), IngressMessage.BYTE_ORDER);
        int position = offset + Integer.BYTES;
        for (final Client client : sorted)
        {
            buffer.putLong(position, client.id, IngressMessage.BYTE_ORDER);
            buffer.putLong(position + 8, client.lastSequence, IngressMessage.BYTE_ORDER);
            buffer.putLong(position + 16, client.sessionId, IngressMessage.BYTE_ORDER);
            buffer.putLong(position + 24, client.endedAt, IngressMessage.BYTE_ORDER);
            position += ENTRY_LENGTH;
        }
        return position - offset;
    }

    /**
     * Replaces the content with what {@link #write} wrote.
     *
     * @return the length read.
     * @throws IllegalStateException when the bytes are not a table of clients.
     */
    int read(final DirectBuffer buffer, final int offset, final int limit)
    {
        clients.clear();
        if (limit - offset < Integer.BYTES)
        {
            throw new IllegalStateException("the client table is cut short");
        }
        final int count = buffer.getInt(offset, IngressMessage.BYTE_ORDER);
        if (count < 0 || (long)count * ENTRY_LENGTH > limit - offset - Integer.BYTES)
        {
            throw new IllegalStateException("the client table claims " + count + " clients in " +
                (limit - offset) + " bytes");
        }
        int position = offset + Integer.BYTES;
        for (int i = 0; i < count; i++)
        {
            final Client client = new Client(buffer.getLong(position, IngressMessage.BYTE_ORDER));
            client.lastSequence = buffer.getLong(position + 8, IngressMessage.BYTE_ORDER);
            client.sessionId = buffer.getLong(position + 16, IngressMessage.BYTE_ORDER);
            client.endedAt = buffer.getLong(position + 24, IngressMessage.BYTE_ORDER);
            clients.put(client.id, client);
            position += ENTRY_LENGTH;
        }
        return position - offset;
    }
}
