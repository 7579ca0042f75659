package dev.exengine.replication;

import dev.exengine.journal.JournalReader;

import java.io.IOException;

/**
 * One connection to a node's replication port: a standby that follows (the journal reader it is shipped from, how far
 * it was shipped, acknowledged and told decided) or an operator's request (STATUS, PROMOTE). The replication thread
 * owns it and closes it; only {@code authorized} is written elsewhere, by the password check's thread.
 */
final class ReplicationPeer
{
    final Link link;
    volatile boolean authorized;
    boolean checking;
    /** The user name of its login, for the audit log. */
    String user = "";
    boolean loggedIn;
    boolean closing;
    boolean following;
    long requested;
    JournalReader reader;
    long shipped;
    long acked;
    long sentDecided;

    ReplicationPeer(final Link link)
    {
        this.link = link;
    }

    String remote()
    {
        try
        {
            return String.valueOf(link.channel().getRemoteAddress());
        }
        catch (final IOException ex)
        {
            return "(gone)";
        }
    }

    void close()
    {
        link.close();
        if (reader != null)
        {
            reader.close();
            reader = null;
        }
    }
}
