package dev.exengine.gateway.stream;

import dev.exengine.protocol.sbe.AdminResultDecoder;
import dev.exengine.protocol.sbe.BalanceUpdateDecoder;
import dev.exengine.protocol.sbe.CancelRejectedDecoder;
import dev.exengine.protocol.sbe.MassCancelDoneDecoder;
import dev.exengine.protocol.sbe.MessageHeaderDecoder;
import dev.exengine.protocol.sbe.OrderAcceptedDecoder;
import dev.exengine.protocol.sbe.OrderCanceledDecoder;
import dev.exengine.protocol.sbe.OrderRejectedDecoder;
import dev.exengine.protocol.sbe.OrderReplacedDecoder;
import dev.exengine.protocol.sbe.TradeDecoder;
import dev.exengine.protocol.sbe.TransferResultDecoder;
import org.agrona.DirectBuffer;

/**
 * What a stored message of a user's stream says about where it comes from: the journal sequence of the command whose
 * event it is. The start's catch-up finds with it how far a stream holds the journal's messages; an online backup
 * where to cut a stream at the journal sequence it copies. Allocates nothing.
 */
public final class StoredMessages
{
    private StoredMessages()
    {
    }

    /**
     * @param message a stored message (SBE header and body) at offset 0.
     * @return its command's journal sequence; 0 for a gateway answer and for the messages that carry none (query
     * answers, ProtocolReject).
     */
    public static long journalSequence(final DirectBuffer message, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return 0;
        }
        final int templateId = message.getShort(MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int fieldOffset = switch (templateId)
        {
            case OrderAcceptedDecoder.TEMPLATE_ID -> OrderAcceptedDecoder.sequenceEncodingOffset();
            case OrderRejectedDecoder.TEMPLATE_ID -> OrderRejectedDecoder.sequenceEncodingOffset();
            case TradeDecoder.TEMPLATE_ID -> TradeDecoder.sequenceEncodingOffset();
            case OrderCanceledDecoder.TEMPLATE_ID -> OrderCanceledDecoder.sequenceEncodingOffset();
            case OrderReplacedDecoder.TEMPLATE_ID -> OrderReplacedDecoder.sequenceEncodingOffset();
            case CancelRejectedDecoder.TEMPLATE_ID -> CancelRejectedDecoder.sequenceEncodingOffset();
            case MassCancelDoneDecoder.TEMPLATE_ID -> MassCancelDoneDecoder.sequenceEncodingOffset();
            case TransferResultDecoder.TEMPLATE_ID -> TransferResultDecoder.sequenceEncodingOffset();
            case BalanceUpdateDecoder.TEMPLATE_ID -> BalanceUpdateDecoder.sequenceEncodingOffset();
            case AdminResultDecoder.TEMPLATE_ID -> AdminResultDecoder.sequenceEncodingOffset();
            default -> -1;
        };
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH + fieldOffset;
        if (fieldOffset < 0 || length < offset + Long.BYTES)
        {
            return 0;
        }
        return message.getLong(offset, OrderAcceptedDecoder.BYTE_ORDER);
    }
}
