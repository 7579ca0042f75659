package dev.exengine.protocol.soupbin;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static dev.exengine.protocol.soupbin.SoupBinTcp.*;

/**
 * The Login Request packet ('L'): the 3.00 form of 46 bytes and the 4.x form with a trailing 5-byte heartbeat timeout
 * in milliseconds. Mutable and reused; login happens once per connection, so the fields are plain strings.
 */
public final class LoginRequest
{
    private static final int PASSWORD_OFFSET = USERNAME_LENGTH;
    private static final int SESSION_OFFSET = PASSWORD_OFFSET + PASSWORD_LENGTH;
    private static final int SEQUENCE_OFFSET = SESSION_OFFSET + SESSION_LENGTH;
    private static final int HEARTBEAT_TIMEOUT_OFFSET = SEQUENCE_OFFSET + SEQUENCE_NUMBER_LENGTH;

    private String username = "";
    private String password = "";
    private String requestedSession = "";
    private long requestedSequenceNumber;
    private long heartbeatTimeoutMillis;

    /**
     * Reads the payload of a Login Request. A numeric field that does not read as a number leaves its value at -1
     * ({@link #numbersReadable()}); a blank heartbeat timeout is 0, the server's default.
     *
     * @return false when the length is neither form's: not a Login Request; the fields are then undefined.
     */
    public boolean decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != LOGIN_REQUEST_LENGTH && length != LOGIN_REQUEST_V4_LENGTH)
        {
            return false;
        }
        username = getAlpha(buffer, offset, USERNAME_LENGTH);
        password = getAlpha(buffer, offset + PASSWORD_OFFSET, PASSWORD_LENGTH);
        requestedSession = getAlpha(buffer, offset + SESSION_OFFSET, SESSION_LENGTH);
        requestedSequenceNumber = getNumeric(buffer, offset + SEQUENCE_OFFSET, SEQUENCE_NUMBER_LENGTH);
        final int timeout = offset + HEARTBEAT_TIMEOUT_OFFSET;
        heartbeatTimeoutMillis = length == LOGIN_REQUEST_LENGTH || isBlank(buffer, timeout, HEARTBEAT_TIMEOUT_LENGTH) ?
            0 : getNumeric(buffer, timeout, HEARTBEAT_TIMEOUT_LENGTH);
        return true;
    }

    /**
     * @return false when the last decoded request's sequence number or heartbeat timeout is not a number.
     */
    public boolean numbersReadable()
    {
        return requestedSequenceNumber >= 0 && heartbeatTimeoutMillis >= 0;
    }

    /**
     * Writes the payload: the 3.00 form when the heartbeat timeout is 0, else the 4.x form.
     *
     * @return the payload length.
     */
    public int encode(final MutableDirectBuffer buffer, final int offset)
    {
        putAlpha(buffer, offset, USERNAME_LENGTH, username);
        putAlpha(buffer, offset + PASSWORD_OFFSET, PASSWORD_LENGTH, password);
        putAlpha(buffer, offset + SESSION_OFFSET, SESSION_LENGTH, requestedSession);
        putNumeric(buffer, offset + SEQUENCE_OFFSET, SEQUENCE_NUMBER_LENGTH, requestedSequenceNumber);
        if (heartbeatTimeoutMillis == 0)
        {
            return LOGIN_REQUEST_LENGTH;
        }
        putNumeric(buffer, offset + HEARTBEAT_TIMEOUT_OFFSET, HEARTBEAT_TIMEOUT_LENGTH, heartbeatTimeoutMillis);
        return LOGIN_REQUEST_V4_LENGTH;
    }

    public String username()
    {
        return username;
    }

    public LoginRequest username(final String username)
    {
        this.username = username;
        return this;
    }

    public String password()
    {
        return password;
    }

    public LoginRequest password(final String password)
    {
        this.password = password;
        return this;
    }

    /** Blank means "the current session". */
    public String requestedSession()
    {
        return requestedSession;
    }

    public LoginRequest requestedSession(final String requestedSession)
    {
        this.requestedSession = requestedSession;
        return this;
    }

    /**
     * The next sequence number the client expects; 0 means "only new messages". A number beyond a long reads as
     * {@link Long#MAX_VALUE}.
     */
    public long requestedSequenceNumber()
    {
        return requestedSequenceNumber;
    }

    public LoginRequest requestedSequenceNumber(final long requestedSequenceNumber)
    {
        this.requestedSequenceNumber = requestedSequenceNumber;
        return this;
    }

    /** 0 when absent (3.00 form) or blank or 0 (4.x): the client leaves it to the server. */
    public long heartbeatTimeoutMillis()
    {
        return heartbeatTimeoutMillis;
    }

    public LoginRequest heartbeatTimeoutMillis(final long heartbeatTimeoutMillis)
    {
        this.heartbeatTimeoutMillis = heartbeatTimeoutMillis;
        return this;
    }
}
