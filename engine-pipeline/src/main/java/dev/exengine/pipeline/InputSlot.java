package dev.exengine.pipeline;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * One pre-allocated slot of the input ring: the command, its binary form for the journal, where it came from and
 * when it entered the engine. Producers fill it in place; nothing is allocated per command.
 */
final class InputSlot
{
    enum Kind
    {
        /** A command or query for the business logic. */
        COMMAND,
        /**
         * A record of the primary's journal, on a standby: journaled with the primary's sequence, timestamp and origin,
         * applied once the primary decided it.
         */
        REPLICATED,
        /** Take a snapshot at this point of the command stream. */
        SNAPSHOT,
        /**
         * Every consumer passes over it: claimed by a producer that then found the engine stopping, or put in the ring
         * to wake the logic for a snapshot that came due while the snapshot writer was busy.
         */
        VOID
    }

    final Command command = new Command();
    final ByteBuffer encoded = ByteBuffer.allocateDirect(CommandCodec.MAX_ENCODED_LENGTH);
    final UnsafeBuffer encodedView = new UnsafeBuffer(encoded);
    Kind kind;
    int encodedLength;
    long origin;
    long timestamp;
    /** REPLICATED: the journal sequence the record has on the primary, and must have here. */
    long journalSequence;
    /** REPLICATED: what the primary decided about it. */
    PrimaryDecision decision;

    void set(final Kind kind, final long origin, final long timestamp)
    {
        this.kind = kind;
        this.origin = origin;
        this.timestamp = timestamp;
    }

    boolean isJournaled()
    {
        return kind == Kind.REPLICATED || kind == Kind.COMMAND && !command.type().isQuery();
    }
}
