package dev.exengine.protocol.codec;

import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.CancelReason;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.core.event.RejectReason;
import dev.exengine.protocol.sbe.AdminResultDecoder;
import dev.exengine.protocol.sbe.BalanceDecoder;
import dev.exengine.protocol.sbe.BalanceUpdateDecoder;
import dev.exengine.protocol.sbe.CancelRejectedDecoder;
import dev.exengine.protocol.sbe.DepthLevelDecoder;
import dev.exengine.protocol.sbe.Liquidity;
import dev.exengine.protocol.sbe.MassCancelDoneDecoder;
import dev.exengine.protocol.sbe.MessageHeaderDecoder;
import dev.exengine.protocol.sbe.OpenOrderDecoder;
import dev.exengine.protocol.sbe.OrderAcceptedDecoder;
import dev.exengine.protocol.sbe.OrderCanceledDecoder;
import dev.exengine.protocol.sbe.OrderRejectedDecoder;
import dev.exengine.protocol.sbe.OrderReplacedDecoder;
import dev.exengine.protocol.sbe.Outcome;
import dev.exengine.protocol.sbe.ProtocolRejectDecoder;
import dev.exengine.protocol.sbe.QueryDoneDecoder;
import dev.exengine.protocol.sbe.QueryRejectedDecoder;
import dev.exengine.protocol.sbe.TradeDecoder;
import dev.exengine.protocol.sbe.TransferResultDecoder;
import org.agrona.DirectBuffer;

/**
 * The client side's decoder: reads one engine-to-client application message (the payload of a SoupBinTCP Sequenced
 * Data packet) into a reused engine {@link Event}, so that a client sees the engine's own vocabulary.
 * <p>
 * What differs from the engine's event: {@code commandType} is set only where the message implies or carries it;
 * a Trade is the receiver's view: {@code accountId, orderId, clientOrderId, remainingQuantity} and {@code side}
 * are the receiver's order's, and only the receiver's half of the maker/taker fields is set ({@link #isMaker()}
 * tells which); a reject reason of NONE reads as null. Honours the acting block length and version of the header
 * like the server does. One instance per thread; allocates nothing.
 */
public final class ClientDecoder
{
    private final MessageFrame frame = new MessageFrame();
    private final OrderAcceptedDecoder orderAccepted = new OrderAcceptedDecoder();
    private final OrderRejectedDecoder orderRejected = new OrderRejectedDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final OrderCanceledDecoder orderCanceled = new OrderCanceledDecoder();
    private final OrderReplacedDecoder orderReplaced = new OrderReplacedDecoder();
    private final CancelRejectedDecoder cancelRejected = new CancelRejectedDecoder();
    private final MassCancelDoneDecoder massCancelDone = new MassCancelDoneDecoder();
    private final TransferResultDecoder transferResult = new TransferResultDecoder();
    private final BalanceUpdateDecoder balanceUpdate = new BalanceUpdateDecoder();
    private final BalanceDecoder balance = new BalanceDecoder();
    private final OpenOrderDecoder openOrder = new OpenOrderDecoder();
    private final DepthLevelDecoder depthLevel = new DepthLevelDecoder();
    private final QueryDoneDecoder queryDone = new QueryDoneDecoder();
    private final QueryRejectedDecoder queryRejected = new QueryRejectedDecoder();
    private final AdminResultDecoder adminResult = new AdminResultDecoder();
    private final ProtocolRejectDecoder protocolReject = new ProtocolRejectDecoder();

    private boolean maker;

    /**
     * Decodes one message into the event (after a reset).
     *
     * @return MESSAGE (the event is filled); SNAPSHOT_RESULT (an AdminResult for a TakeSnapshot: the event is
     * ADMIN_DONE or ADMIN_REJECTED with requestId and rejectReason, commandType null); PROTOCOL_REJECT (read
     * {@link #protocolReject()}); or an error: TRUNCATED, WRONG_SCHEMA, UNKNOWN_TEMPLATE, SHORT_BLOCK, BAD_ENUM.
     */
    public DecodeResult decode(final DirectBuffer buffer, final int offset, final int length, final Event event)
    {
        event.reset();
        maker = false;
        DecodeResult result = frame.readHeader(buffer, offset, length);
        if (result == null)
        {
            result = frame.checkBlock(length, minBlockLength(frame.templateId(), frame.version()));
        }
        if (result == null)
        {
            result = decodeBody(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, event);
        }
        if (result.isError())
        {
            event.reset();
        }
        return result;
    }

    /**
     * @return true when the last decoded Trade executed a resting order of the receiver (maker), false when the
     * receiver's order was incoming (taker).
     */
    public boolean isMaker()
    {
        return maker;
    }

    /**
     * @return the last ProtocolReject decoded, valid until the next decode.
     */
    public ProtocolRejectDecoder protocolReject()
    {
        return protocolReject;
    }

    private DecodeResult decodeBody(final DirectBuffer buffer, final int offset, final Event event)
    {
        final int blockLength = frame.blockLength();
        final int version = frame.version();
        switch (frame.templateId())
        {
            case OrderAcceptedDecoder.TEMPLATE_ID ->
            {
                final OrderAcceptedDecoder d = orderAccepted.wrap(buffer, offset, blockLength, version);
                final int postOnly =
                    Codes.postOnly(d.actingVersion(), OrderAcceptedDecoder.postOnlySinceVersion(), d.postOnlyRaw());
                event.type(EventType.ORDER_ACCEPTED).commandType(CommandType.NEW_ORDER)
                    .sequence(d.sequence()).timestamp(d.timestamp()).accountId(d.accountId()).orderId(d.orderId())
                    .clientOrderId(d.clientOrderId()).price(d.price()).quantity(d.quantity())
                    .remainingQuantity(d.quantity()).instrumentId(d.instrumentId())
                    .side(Side.fromCode(d.sideRaw())).orderType(OrderType.fromCode(d.ordTypeRaw()))
                    .timeInForce(TimeInForce.fromCode(d.timeInForceRaw())).postOnly(postOnly == 1);
                return orderEnums(event, postOnly);
            }
            case OrderRejectedDecoder.TEMPLATE_ID ->
            {
                final OrderRejectedDecoder d = orderRejected.wrap(buffer, offset, blockLength, version);
                final int postOnly =
                    Codes.postOnly(d.actingVersion(), OrderRejectedDecoder.postOnlySinceVersion(), d.postOnlyRaw());
                // Echoed as sent: a gateway reject may carry the order's fields exactly as the client wrote them.
                event.type(EventType.ORDER_REJECTED).commandType(CommandType.NEW_ORDER)
                    .sequence(d.sequence()).timestamp(d.timestamp()).accountId(d.accountId())
                    .clientOrderId(d.clientOrderId()).price(d.price()).quantity(d.quantity())
                    .instrumentId(d.instrumentId()).side(Side.fromCode(d.sideRaw()))
                    .orderType(OrderType.fromCode(d.ordTypeRaw())).timeInForce(TimeInForce.fromCode(d.timeInForceRaw()))
                    .postOnly(postOnly == 1).rejectReason(RejectReason.fromCode(d.rejectReasonRaw()));
                return event.rejectReason() == null || postOnly < 0 ? DecodeResult.BAD_ENUM : DecodeResult.MESSAGE;
            }
            case TradeDecoder.TEMPLATE_ID ->
            {
                return trade(trade.wrap(buffer, offset, blockLength, version), event);
            }
            case OrderCanceledDecoder.TEMPLATE_ID ->
            {
                final OrderCanceledDecoder d = orderCanceled.wrap(buffer, offset, blockLength, version);
                event.type(EventType.ORDER_CANCELED)
                    .sequence(d.sequence()).timestamp(d.timestamp()).accountId(d.accountId()).orderId(d.orderId())
                    .clientOrderId(d.clientOrderId()).price(d.price()).quantity(d.quantity())
                    .remainingQuantity(d.remainingQuantity()).filledQuantity(d.filledQuantity())
                    .instrumentId(d.instrumentId()).side(Side.fromCode(d.sideRaw()))
                    .cancelReason(CancelReason.fromCode(d.cancelReasonRaw()));
                return event.side() == null || event.cancelReason() == null ? DecodeResult.BAD_ENUM : DecodeResult.MESSAGE;
            }
            case OrderReplacedDecoder.TEMPLATE_ID ->
            {
                final OrderReplacedDecoder d = orderReplaced.wrap(buffer, offset, blockLength, version);
                event.type(EventType.ORDER_REPLACED).commandType(CommandType.REPLACE_ORDER)
                    .sequence(d.sequence()).timestamp(d.timestamp()).accountId(d.accountId()).orderId(d.orderId())
                    .clientOrderId(d.clientOrderId()).price(d.price()).quantity(d.quantity())
                    .remainingQuantity(d.remainingQuantity()).filledQuantity(d.filledQuantity())
                    .instrumentId(d.instrumentId()).side(Side.fromCode(d.sideRaw()));
                return event.side() == null ? DecodeResult.BAD_ENUM : DecodeResult.MESSAGE;
            }
            case CancelRejectedDecoder.TEMPLATE_ID ->
            {
                final CancelRejectedDecoder d = cancelRejected.wrap(buffer, offset, blockLength, version);
                event.type(EventType.CANCEL_REJECTED)
                    .sequence(d.sequence()).timestamp(d.timestamp()).accountId(d.accountId()).orderId(d.orderId())
                    .price(d.price()).quantity(d.quantity()).instrumentId(d.instrumentId())
                    .commandType(CommandType.fromCode(d.commandTypeRaw()))
                    .rejectReason(RejectReason.fromCode(d.rejectReasonRaw()));
                return event.commandType() == null || event.rejectReason() == null ?
                    DecodeResult.BAD_ENUM : DecodeResult.MESSAGE;
            }
            case MassCancelDoneDecoder.TEMPLATE_ID ->
            {
                final MassCancelDoneDecoder d = massCancelDone.wrap(buffer, offset, blockLength, version);
                event.type(EventType.MASS_CANCEL_DONE).commandType(CommandType.MASS_CANCEL)
                    .sequence(d.sequence()).timestamp(d.timestamp()).accountId(d.accountId())
                    .instrumentId(d.instrumentId()).count(d.count());
            }
            case TransferResultDecoder.TEMPLATE_ID ->
            {
                final TransferResultDecoder d = transferResult.wrap(buffer, offset, blockLength, version);
                event.commandType(CommandType.TRANSFER)
                    .sequence(d.sequence()).timestamp(d.timestamp()).accountId(d.accountId())
                    .targetAccountId(d.targetAccountId()).amount(d.amount()).transferId(d.transferId())
                    .assetId(d.assetId());
                return outcome(event, d.outcomeRaw(), d.rejectReasonRaw(),
                    EventType.TRANSFER_DONE, EventType.TRANSFER_REJECTED, DecodeResult.MESSAGE);
            }
            case BalanceUpdateDecoder.TEMPLATE_ID ->
            {
                final BalanceUpdateDecoder d = balanceUpdate.wrap(buffer, offset, blockLength, version);
                event.type(EventType.BALANCE_CHANGED)
                    .sequence(d.sequence()).timestamp(d.timestamp()).accountId(d.accountId())
                    .available(d.available()).held(d.held()).assetId(d.assetId());
            }
            case BalanceDecoder.TEMPLATE_ID ->
            {
                final BalanceDecoder d = balance.wrap(buffer, offset, blockLength, version);
                event.type(EventType.BALANCE).commandType(CommandType.QUERY_BALANCES)
                    .requestId(d.requestId()).accountId(d.accountId()).available(d.available()).held(d.held())
                    .assetId(d.assetId());
            }
            case OpenOrderDecoder.TEMPLATE_ID ->
            {
                final OpenOrderDecoder d = openOrder.wrap(buffer, offset, blockLength, version);
                final int postOnly =
                    Codes.postOnly(d.actingVersion(), OpenOrderDecoder.postOnlySinceVersion(), d.postOnlyRaw());
                event.type(EventType.OPEN_ORDER).commandType(CommandType.QUERY_OPEN_ORDERS)
                    .requestId(d.requestId()).accountId(d.accountId()).orderId(d.orderId())
                    .clientOrderId(d.clientOrderId()).price(d.price()).quantity(d.quantity())
                    .remainingQuantity(d.remainingQuantity()).filledQuantity(d.filledQuantity())
                    .instrumentId(d.instrumentId()).side(Side.fromCode(d.sideRaw()))
                    .orderType(OrderType.fromCode(d.ordTypeRaw())).timeInForce(TimeInForce.fromCode(d.timeInForceRaw()))
                    .postOnly(postOnly == 1);
                return orderEnums(event, postOnly);
            }
            case DepthLevelDecoder.TEMPLATE_ID ->
            {
                final DepthLevelDecoder d = depthLevel.wrap(buffer, offset, blockLength, version);
                event.type(EventType.DEPTH_LEVEL).commandType(CommandType.QUERY_DEPTH)
                    .requestId(d.requestId()).price(d.price()).quantity(d.quantity()).instrumentId(d.instrumentId())
                    .count(d.count()).side(Side.fromCode(d.sideRaw()));
                return event.side() == null ? DecodeResult.BAD_ENUM : DecodeResult.MESSAGE;
            }
            case QueryDoneDecoder.TEMPLATE_ID ->
            {
                final QueryDoneDecoder d = queryDone.wrap(buffer, offset, blockLength, version);
                event.type(EventType.QUERY_DONE)
                    .requestId(d.requestId()).accountId(d.accountId()).instrumentId(d.instrumentId()).count(d.count())
                    .commandType(CommandType.fromCode(d.commandTypeRaw()));
                return event.commandType() == null ? DecodeResult.BAD_ENUM : DecodeResult.MESSAGE;
            }
            case QueryRejectedDecoder.TEMPLATE_ID ->
            {
                final QueryRejectedDecoder d = queryRejected.wrap(buffer, offset, blockLength, version);
                event.type(EventType.QUERY_REJECTED)
                    .requestId(d.requestId()).accountId(d.accountId()).instrumentId(d.instrumentId())
                    .commandType(CommandType.fromCode(d.commandTypeRaw()))
                    .rejectReason(RejectReason.fromCode(d.rejectReasonRaw()));
                return event.commandType() == null || event.rejectReason() == null ?
                    DecodeResult.BAD_ENUM : DecodeResult.MESSAGE;
            }
            case AdminResultDecoder.TEMPLATE_ID ->
            {
                return adminResult(adminResult.wrap(buffer, offset, blockLength, version), event);
            }
            case ProtocolRejectDecoder.TEMPLATE_ID ->
            {
                protocolReject.wrap(buffer, offset, blockLength, version);
                return DecodeResult.PROTOCOL_REJECT;
            }
            default -> throw new IllegalStateException("template " + frame.templateId() + " passed the block check");
        }
        return DecodeResult.MESSAGE;
    }

    private DecodeResult trade(final TradeDecoder d, final Event event)
    {
        final short liquidity = d.liquidityRaw();
        final Side side = Side.fromCode(d.sideRaw());
        if (liquidity != Liquidity.MAKER.value() && liquidity != Liquidity.TAKER.value() || side == null)
        {
            return DecodeResult.BAD_ENUM;
        }
        maker = liquidity == Liquidity.MAKER.value();
        event.type(EventType.TRADE)
            .sequence(d.sequence()).timestamp(d.timestamp()).tradeId(d.tradeId()).accountId(d.accountId())
            .orderId(d.orderId()).clientOrderId(d.clientOrderId()).price(d.price()).quantity(d.quantity())
            .remainingQuantity(d.remainingQuantity()).instrumentId(d.instrumentId()).side(side);
        if (maker)
        {
            event.makerAccountId(d.accountId()).makerOrderId(d.orderId()).makerClientOrderId(d.clientOrderId())
                .makerRemainingQuantity(d.remainingQuantity()).makerFee(d.fee());
        }
        else
        {
            event.takerAccountId(d.accountId()).takerOrderId(d.orderId()).takerClientOrderId(d.clientOrderId())
                .takerRemainingQuantity(d.remainingQuantity()).takerFee(d.fee());
        }
        return DecodeResult.MESSAGE;
    }

    private static DecodeResult adminResult(final AdminResultDecoder d, final Event event)
    {
        event.sequence(d.sequence()).timestamp(d.timestamp()).accountId(d.accountId()).amount(d.amount())
            .requestId(d.requestId()).assetId(d.assetId()).instrumentId(d.instrumentId()).count(d.count())
            .movementId(d.actingVersion() < AdminResultDecoder.movementIdSinceVersion() ? 0 : d.movementId());
        final short commandType = d.commandTypeRaw();
        if (commandType == dev.exengine.protocol.sbe.CommandType.TAKE_SNAPSHOT.value())
        {
            return outcome(event, d.outcomeRaw(), d.rejectReasonRaw(),
                EventType.ADMIN_DONE, EventType.ADMIN_REJECTED, DecodeResult.SNAPSHOT_RESULT);
        }
        event.commandType(CommandType.fromCode(commandType));
        if (event.commandType() == null || !event.commandType().isAdmin())
        {
            return DecodeResult.BAD_ENUM;
        }
        return outcome(event, d.outcomeRaw(), d.rejectReasonRaw(),
            EventType.ADMIN_DONE, EventType.ADMIN_REJECTED, DecodeResult.MESSAGE);
    }

    /**
     * Sets the event type from a DONE/REJECTED outcome and, for a reject, its reason.
     */
    private static DecodeResult outcome(
        final Event event,
        final short outcome,
        final short rejectReason,
        final EventType done,
        final EventType rejected,
        final DecodeResult success)
    {
        final RejectReason reason = RejectReason.fromCode(rejectReason);
        if (outcome == Outcome.DONE.value() && reason == RejectReason.NONE)
        {
            event.type(done);
            return success;
        }
        if (outcome == Outcome.REJECTED.value() && reason != null && reason != RejectReason.NONE)
        {
            event.type(rejected).rejectReason(reason);
            return success;
        }
        return DecodeResult.BAD_ENUM;
    }

    private static DecodeResult orderEnums(final Event event, final int postOnly)
    {
        return event.side() == null || event.orderType() == null || event.timeInForce() == null || postOnly < 0 ?
            DecodeResult.BAD_ENUM : DecodeResult.MESSAGE;
    }

    private static int minBlockLength(final int templateId, final int version)
    {
        return switch (templateId)
        {
            case OrderAcceptedDecoder.TEMPLATE_ID -> MessageFrame.blockLengthFor(version,
                OrderAcceptedDecoder.postOnlySinceVersion(), OrderAcceptedDecoder.postOnlyEncodingOffset(),
                OrderAcceptedDecoder.BLOCK_LENGTH);
            case OrderRejectedDecoder.TEMPLATE_ID -> MessageFrame.blockLengthFor(version,
                OrderRejectedDecoder.postOnlySinceVersion(), OrderRejectedDecoder.postOnlyEncodingOffset(),
                OrderRejectedDecoder.BLOCK_LENGTH);
            case OpenOrderDecoder.TEMPLATE_ID -> MessageFrame.blockLengthFor(version,
                OpenOrderDecoder.postOnlySinceVersion(), OpenOrderDecoder.postOnlyEncodingOffset(),
                OpenOrderDecoder.BLOCK_LENGTH);
            case TradeDecoder.TEMPLATE_ID -> TradeDecoder.BLOCK_LENGTH;
            case OrderCanceledDecoder.TEMPLATE_ID -> OrderCanceledDecoder.BLOCK_LENGTH;
            case OrderReplacedDecoder.TEMPLATE_ID -> OrderReplacedDecoder.BLOCK_LENGTH;
            case CancelRejectedDecoder.TEMPLATE_ID -> CancelRejectedDecoder.BLOCK_LENGTH;
            case MassCancelDoneDecoder.TEMPLATE_ID -> MassCancelDoneDecoder.BLOCK_LENGTH;
            case TransferResultDecoder.TEMPLATE_ID -> TransferResultDecoder.BLOCK_LENGTH;
            case BalanceUpdateDecoder.TEMPLATE_ID -> BalanceUpdateDecoder.BLOCK_LENGTH;
            case BalanceDecoder.TEMPLATE_ID -> BalanceDecoder.BLOCK_LENGTH;
            case DepthLevelDecoder.TEMPLATE_ID -> DepthLevelDecoder.BLOCK_LENGTH;
            case QueryDoneDecoder.TEMPLATE_ID -> QueryDoneDecoder.BLOCK_LENGTH;
            case QueryRejectedDecoder.TEMPLATE_ID -> QueryRejectedDecoder.BLOCK_LENGTH;
            case AdminResultDecoder.TEMPLATE_ID -> MessageFrame.blockLengthFor(version,
                AdminResultDecoder.movementIdSinceVersion(), AdminResultDecoder.movementIdEncodingOffset(),
                AdminResultDecoder.BLOCK_LENGTH);
            case ProtocolRejectDecoder.TEMPLATE_ID -> ProtocolRejectDecoder.BLOCK_LENGTH;
            default -> MessageFrame.UNKNOWN;
        };
    }
}
