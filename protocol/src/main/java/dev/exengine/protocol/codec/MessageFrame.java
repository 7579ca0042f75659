package dev.exengine.protocol.codec;

import dev.exengine.protocol.sbe.MessageHeaderDecoder;
import org.agrona.DirectBuffer;

/**
 * Reads and checks the SBE message header of one application message, shared by both directions. Holds the header
 * as read so that a ProtocolReject can echo it. Allocates nothing.
 */
final class MessageFrame
{
    /** Returned by a template lookup for a template id this direction does not know. */
    static final int UNKNOWN = -1;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private int templateId;
    private int schemaId;
    private int version;
    private int blockLength;

    /**
     * Reads the header and checks what can be checked without knowing the template.
     *
     * @return null when the header is usable, else TRUNCATED or WRONG_SCHEMA.
     */
    DecodeResult readHeader(final DirectBuffer buffer, final int offset, final int length)
    {
        templateId = 0;
        schemaId = 0;
        version = 0;
        blockLength = 0;
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return DecodeResult.TRUNCATED;
        }
        header.wrap(buffer, offset);
        templateId = header.templateId();
        schemaId = header.schemaId();
        version = header.version();
        blockLength = header.blockLength();
        return schemaId == MessageHeaderDecoder.SCHEMA_ID ? null : DecodeResult.WRONG_SCHEMA;
    }

    /**
     * Checks the block against the template's needs. A newer sender's longer block is fine (its extra fields are
     * skipped); trailing bytes after the block are ignored since a newer version may append groups or data there.
     *
     * @param minBlockLength the block length the fields of the message's acting version need, or UNKNOWN.
     * @return null when the block can be decoded, else UNKNOWN_TEMPLATE, TRUNCATED or SHORT_BLOCK.
     */
    DecodeResult checkBlock(final int length, final int minBlockLength)
    {
        if (minBlockLength == UNKNOWN)
        {
            return DecodeResult.UNKNOWN_TEMPLATE;
        }
        if (length - MessageHeaderDecoder.ENCODED_LENGTH < blockLength)
        {
            return DecodeResult.TRUNCATED;
        }
        return blockLength < minBlockLength ? DecodeResult.SHORT_BLOCK : null;
    }

    /**
     * @return the block length needed by a message whose only field added after its first version sits at
     * {@code addedFieldOffset} (fields are only ever appended, so that offset is the block length before it).
     */
    static int blockLengthFor(
        final int version, final int addedSinceVersion, final int addedFieldOffset, final int blockLength)
    {
        return version < addedSinceVersion ? addedFieldOffset : blockLength;
    }

    /**
     * @return the length of a whole message whose block is {@code blockLength} long.
     */
    static int withHeader(final int blockLength)
    {
        return MessageHeaderDecoder.ENCODED_LENGTH + blockLength;
    }

    int templateId()
    {
        return templateId;
    }

    int schemaId()
    {
        return schemaId;
    }

    int version()
    {
        return version;
    }

    int blockLength()
    {
        return blockLength;
    }
}
