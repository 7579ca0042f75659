package dev.exengine.protocol.codec;

import dev.exengine.protocol.sbe.ProtocolRejectReason;

/**
 * What decoding one application message gave: a message to act on, or why it could not be decoded (the reasons a
 * peer gets back in a ProtocolReject). Failure is a return value, never an exception, so that garbage costs nothing.
 */
public enum DecodeResult
{
    /** A command (inbound) or an event (outbound) was decoded into the holder passed in. */
    MESSAGE(null),
    /** Inbound TakeSnapshot: not a core command; the server calls {@code Engine.requestSnapshot()}. */
    TAKE_SNAPSHOT(null),
    /** Outbound AdminResult answering a TakeSnapshot: the event holds outcome, reason and request id. */
    SNAPSHOT_RESULT(null),
    /** Outbound ProtocolReject: the server could not decode something the client sent. */
    PROTOCOL_REJECT(null),
    UNKNOWN_TEMPLATE(ProtocolRejectReason.UNKNOWN_TEMPLATE),
    WRONG_SCHEMA(ProtocolRejectReason.WRONG_SCHEMA),
    SHORT_BLOCK(ProtocolRejectReason.SHORT_BLOCK),
    TRUNCATED(ProtocolRejectReason.TRUNCATED),
    BAD_ENUM(ProtocolRejectReason.BAD_ENUM);

    private final ProtocolRejectReason protocolRejectReason;

    DecodeResult(final ProtocolRejectReason protocolRejectReason)
    {
        this.protocolRejectReason = protocolRejectReason;
    }

    /**
     * @return true when the message could not be decoded and must be answered with a ProtocolReject.
     */
    public boolean isError()
    {
        return protocolRejectReason != null;
    }

    /**
     * @return the wire reason of an error, null when this is not an error.
     */
    public ProtocolRejectReason protocolRejectReason()
    {
        return protocolRejectReason;
    }
}
