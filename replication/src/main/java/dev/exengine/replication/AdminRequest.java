package dev.exengine.replication;

import dev.exengine.protocol.soupbin.LoginRequest;
import dev.exengine.protocol.soupbin.PacketReader;
import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * An operator's question to a node's replication port, asked with the replication credential: its state (STATUS), or
 * that it become primary (PROMOTE). One connection per request, blocking, with a deadline: for the command line, the
 * tests and a primary's check of its peers' epochs.
 */
public final class AdminRequest
{
    private AdminRequest()
    {
    }

    /** The node refused, or answered what the caller cannot use. */
    public static final class RefusedException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        RefusedException(final String message)
        {
            super(message);
        }
    }

    /**
     * @throws IOException      when the node cannot be reached or does not answer in time.
     * @throws RefusedException when the node refuses the login or the request (the message says why).
     */
    public static ReplicationMessages.State status(
        final InetSocketAddress node, final String user, final String password, final Duration timeout)
        throws IOException
    {
        return ask(node, user, password, ReplicationMessages.STATUS, timeout);
    }

    /**
     * Asks the node to become primary: it stops following, decides what it holds, starts a new epoch and takes
     * clients.
     *
     * @return its state once promoted.
     * @throws IOException      when the node cannot be reached or does not answer in time.
     * @throws RefusedException when the node refuses (already primary, fenced, a wrong credential).
     */
    public static ReplicationMessages.State promote(
        final InetSocketAddress node, final String user, final String password, final Duration timeout)
        throws IOException
    {
        return ask(node, user, password, ReplicationMessages.PROMOTE, timeout);
    }

    private static ReplicationMessages.State ask(
        final InetSocketAddress node, final String user, final String password, final byte request,
        final Duration timeout) throws IOException
    {
        try (Socket socket = new Socket())
        {
            socket.connect(node, (int)Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            socket.setSoTimeout((int)Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            socket.setTcpNoDelay(true);
            final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);
            int length = PacketWriter.loginRequest(out, 0, new LoginRequest().username(user)
                .password(password == null ? "" : password).requestedSession("").requestedSequenceNumber(0));
            PacketWriter.header(out, length, SoupBinTcp.UNSEQUENCED_DATA, 1);
            out.putByte(length + SoupBinTcp.HEADER_SIZE, request);
            length += SoupBinTcp.HEADER_SIZE + 1;
            final OutputStream output = socket.getOutputStream();
            output.write(out.byteArray(), 0, length);
            output.flush();
            return readAnswer(socket.getInputStream(), node);
        }
    }

    private static ReplicationMessages.State readAnswer(final InputStream input, final InetSocketAddress node)
        throws IOException
    {
        final PacketReader reader = new PacketReader(Link.MAX_PACKET_LENGTH);
        final ReplicationMessages.State[] state = new ReplicationMessages.State[1];
        final String[] refusal = new String[1];
        final byte[] chunk = new byte[4096];
        while (state[0] == null && refusal[0] == null)
        {
            final int read = input.read(chunk);
            if (read < 0)
            {
                throw new IOException("node " + node + " closed the connection without an answer");
            }
            final ByteBuffer receive = reader.receiveBuffer();
            if (receive.remaining() < read)
            {
                throw new IOException("node " + node + " sent more than any answer holds");
            }
            receive.put(chunk, 0, read);
            if (reader.dispatch((type, buffer, offset, length) ->
                answer(type, buffer, offset, length, state, refusal)) == PacketReader.FRAMING_ERROR)
            {
                throw new IOException("node " + node + " does not speak SoupBinTCP");
            }
        }
        if (refusal[0] != null)
        {
            throw new RefusedException(refusal[0]);
        }
        return state[0];
    }

    private static boolean answer(
        final byte type, final DirectBuffer buffer, final int offset, final int length,
        final ReplicationMessages.State[] state, final String[] refusal)
    {
        if (type == SoupBinTcp.LOGIN_REJECTED)
        {
            refusal[0] = "the node refused the replication credential (check replication.user and " +
                "replication.password)";
        }
        else if (type == SoupBinTcp.UNSEQUENCED_DATA && length > 0)
        {
            final byte kind = buffer.getByte(offset);
            if (kind == ReplicationMessages.STATE)
            {
                state[0] = ReplicationMessages.readState(buffer, offset, length);
            }
            else if (kind == ReplicationMessages.REFUSED)
            {
                refusal[0] = ReplicationMessages.reasonOf(buffer, offset, length);
            }
        }
        return state[0] == null && refusal[0] == null;
    }
}
