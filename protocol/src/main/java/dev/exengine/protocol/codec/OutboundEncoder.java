package dev.exengine.protocol.codec;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.core.event.RejectReason;
import dev.exengine.protocol.sbe.AdminResultEncoder;
import dev.exengine.protocol.sbe.BalanceEncoder;
import dev.exengine.protocol.sbe.BalanceUpdateEncoder;
import dev.exengine.protocol.sbe.CancelRejectedEncoder;
import dev.exengine.protocol.sbe.DepthLevelEncoder;
import dev.exengine.protocol.sbe.Liquidity;
import dev.exengine.protocol.sbe.MassCancelDoneEncoder;
import dev.exengine.protocol.sbe.MessageHeaderEncoder;
import dev.exengine.protocol.sbe.OpenOrderEncoder;
import dev.exengine.protocol.sbe.OrderAcceptedEncoder;
import dev.exengine.protocol.sbe.OrderCanceledEncoder;
import dev.exengine.protocol.sbe.OrderRejectedEncoder;
import dev.exengine.protocol.sbe.OrderReplacedEncoder;
import dev.exengine.protocol.sbe.Outcome;
import dev.exengine.protocol.sbe.ProtocolRejectEncoder;
import dev.exengine.protocol.sbe.QueryDoneEncoder;
import dev.exengine.protocol.sbe.QueryRejectedEncoder;
import dev.exengine.protocol.sbe.TradeEncoder;
import dev.exengine.protocol.sbe.TransferResultEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes engine {@link Event}s, and the answers the gateway gives by itself, as engine-to-client application
 * messages (the payload of SoupBinTCP Sequenced Data packets). A trade is encoded from the point of view of the
 * account it is sent to, so one TRADE event becomes one message per side. One instance per thread; allocates
 * nothing.
 */
public final class OutboundEncoder
{
    /** No message is longer: Trade has the longest block. */
    public static final int MAX_MESSAGE_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + TradeEncoder.BLOCK_LENGTH;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OrderAcceptedEncoder orderAccepted = new OrderAcceptedEncoder();
    private final OrderRejectedEncoder orderRejected = new OrderRejectedEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final OrderCanceledEncoder orderCanceled = new OrderCanceledEncoder();
    private final OrderReplacedEncoder orderReplaced = new OrderReplacedEncoder();
    private final CancelRejectedEncoder cancelRejected = new CancelRejectedEncoder();
    private final MassCancelDoneEncoder massCancelDone = new MassCancelDoneEncoder();
    private final TransferResultEncoder transferResult = new TransferResultEncoder();
    private final BalanceUpdateEncoder balanceUpdate = new BalanceUpdateEncoder();
    private final BalanceEncoder balance = new BalanceEncoder();
    private final OpenOrderEncoder openOrder = new OpenOrderEncoder();
    private final DepthLevelEncoder depthLevel = new DepthLevelEncoder();
    private final QueryDoneEncoder queryDone = new QueryDoneEncoder();
    private final QueryRejectedEncoder queryRejected = new QueryRejectedEncoder();
    private final AdminResultEncoder adminResult = new AdminResultEncoder();
    private final ProtocolRejectEncoder protocolReject = new ProtocolRejectEncoder();
    /** Holds a reject the gateway makes itself, shaped as the engine would have reported it. */
    private final Event localReject = new Event();

    /**
     * Encodes an event for one receiver.
     *
     * @param event             from the engine (or built by the gateway).
     * @param receiverAccountId the account the message is for; only a TRADE depends on it (maker or taker view).
     * @param buffer            destination, at least {@link #MAX_MESSAGE_LENGTH} bytes after offset.
     * @param offset            where the SBE message header goes.
     * @return the length written, header included; 0 when the event has no message for that receiver (a trade
     * the receiver's account took no part in).
     */
    public int encode(final Event event, final long receiverAccountId, final MutableDirectBuffer buffer, final int offset)
    {
        final EventType type = event.type();
        return switch (type)
        {
            case ORDER_ACCEPTED -> orderAccepted(event, buffer, offset);
            case ORDER_REJECTED -> orderRejected(event, buffer, offset);
            case TRADE -> trade(event, receiverAccountId, buffer, offset);
            case ORDER_CANCELED -> orderCanceled(event, buffer, offset);
            case ORDER_REPLACED -> orderReplaced(event, buffer, offset);
            case CANCEL_REJECTED -> cancelRejected(event, buffer, offset);
            case MASS_CANCEL_DONE -> massCancelDone(event, buffer, offset);
            case TRANSFER_DONE, TRANSFER_REJECTED -> transferResult(event, buffer, offset);
            case BALANCE_CHANGED -> balanceUpdate(event, buffer, offset);
            case BALANCE -> balance(event, buffer, offset);
            case OPEN_ORDER -> openOrder(event, buffer, offset);
            case DEPTH_LEVEL -> depthLevel(event, buffer, offset);
            case QUERY_DONE -> queryDone(event, buffer, offset);
            case QUERY_REJECTED -> queryRejected(event, buffer, offset);
            case ADMIN_DONE, ADMIN_REJECTED -> adminResult(event, buffer, offset);
        };
    }

    /**
     * The length {@link #encode} writes for this event and receiver, known before encoding: what a writer claims in a
     * ring to encode in place. Every engine-to-client message has a fixed block.
     *
     * @return the length, header included; 0 when the event has no message for that receiver.
     */
    public static int encodedLength(final Event event, final long receiverAccountId)
    {
        final int block = switch (event.type())
        {
            case ORDER_ACCEPTED -> OrderAcceptedEncoder.BLOCK_LENGTH;
            case ORDER_REJECTED -> OrderRejectedEncoder.BLOCK_LENGTH;
            case TRADE -> receiverAccountId == event.makerAccountId() || receiverAccountId == event.takerAccountId() ?
                TradeEncoder.BLOCK_LENGTH : -1;
            case ORDER_CANCELED -> OrderCanceledEncoder.BLOCK_LENGTH;
            case ORDER_REPLACED -> OrderReplacedEncoder.BLOCK_LENGTH;
            case CANCEL_REJECTED -> CancelRejectedEncoder.BLOCK_LENGTH;
            case MASS_CANCEL_DONE -> MassCancelDoneEncoder.BLOCK_LENGTH;
            case TRANSFER_DONE, TRANSFER_REJECTED -> TransferResultEncoder.BLOCK_LENGTH;
            case BALANCE_CHANGED -> BalanceUpdateEncoder.BLOCK_LENGTH;
            case BALANCE -> BalanceEncoder.BLOCK_LENGTH;
            case OPEN_ORDER -> OpenOrderEncoder.BLOCK_LENGTH;
            case DEPTH_LEVEL -> DepthLevelEncoder.BLOCK_LENGTH;
            case QUERY_DONE -> QueryDoneEncoder.BLOCK_LENGTH;
            case QUERY_REJECTED -> QueryRejectedEncoder.BLOCK_LENGTH;
            case ADMIN_DONE, ADMIN_REJECTED -> AdminResultEncoder.BLOCK_LENGTH;
        };
        return block < 0 ? 0 : MessageFrame.withHeader(block);
    }

    /**
     * Encodes the reject of a command the gateway refuses itself (NOT_AUTHORIZED, THROTTLED, ENGINE_BUSY,
     * ENGINE_HALTED), as the message the engine would have sent for that command type, with sequence and
     * timestamp 0.
     *
     * @return the length written, header included.
     */
    public int encodeReject(
        final Command command, final RejectReason reason, final MutableDirectBuffer buffer, final int offset)
    {
        final CommandType commandType = command.type();
        final Event event = localReject.reset().type(EventType.rejectOf(commandType)).commandType(commandType)
            .rejectReason(reason);
        // The fields each reject echoes, as docs/SEMANTICS.md lists them for the engine's own rejects.
        switch (commandType)
        {
            case NEW_ORDER -> event.accountId(command.accountId()).clientOrderId(command.clientOrderId())
                .instrumentId(command.instrumentId()).side(command.side()).orderType(command.orderType())
                .timeInForce(command.timeInForce()).postOnly(command.postOnly()).price(command.price())
                .quantity(command.quantity());
            case CANCEL_ORDER -> event.accountId(command.accountId()).orderId(command.orderId());
            case REPLACE_ORDER -> event.accountId(command.accountId()).orderId(command.orderId())
                .price(command.price()).quantity(command.quantity());
            case MASS_CANCEL -> event.accountId(command.accountId()).instrumentId(command.instrumentId());
            case TRANSFER -> event.accountId(command.accountId()).targetAccountId(command.targetAccountId())
                .assetId(command.assetId()).amount(command.amount()).transferId(command.transferId());
            case QUERY_BALANCES, QUERY_OPEN_ORDERS -> event.accountId(command.accountId())
                .requestId(command.requestId());
            case QUERY_DEPTH -> event.instrumentId(command.instrumentId()).requestId(command.requestId());
            case ADD_ASSET -> event.assetId(command.assetId());
            case OPEN_ACCOUNT, SUSPEND_ACCOUNT, RESUME_ACCOUNT -> event.accountId(command.accountId());
            case DEPOSIT, WITHDRAW -> event.accountId(command.accountId()).assetId(command.assetId())
                .amount(command.amount()).movementId(command.movementId());
            case ADD_INSTRUMENT, HALT_INSTRUMENT, RESUME_INSTRUMENT -> event.instrumentId(command.instrumentId());
        }
        return encode(event, command.accountId(), buffer, offset);
    }

    /**
     * Encodes the AdminResult answering a TakeSnapshot.
     *
     * @param reason NONE when the snapshot was requested, else why not (ENGINE_BUSY, ENGINE_HALTED, NOT_AUTHORIZED).
     * @return the length written, header included.
     */
    public int encodeSnapshotResult(
        final long requestId, final RejectReason reason, final MutableDirectBuffer buffer, final int offset)
    {
        adminResult.wrapAndApplyHeader(buffer, offset, header)
            .sequence(0).timestamp(0).accountId(0).amount(0).requestId(requestId).assetId(0).instrumentId(0).count(0)
            .commandType(dev.exengine.protocol.sbe.CommandType.TAKE_SNAPSHOT)
            .outcome(reason == RejectReason.NONE ? Outcome.DONE : Outcome.REJECTED)
            .rejectReason(Codes.rejectReason(reason)).movementId(0);
        return MessageFrame.withHeader(adminResult.encodedLength());
    }

    /**
     * Encodes the ProtocolReject of a message an {@link InboundDecoder} could not decode, echoing its header.
     *
     * @param result  the decoder's error (one with {@link DecodeResult#isError()}).
     * @param decoder the decoder that read the message, for its header.
     * @return the length written, header included.
     */
    public int encodeProtocolReject(
        final DecodeResult result, final InboundDecoder decoder, final MutableDirectBuffer buffer, final int offset)
    {
        protocolReject.wrapAndApplyHeader(buffer, offset, header)
            .rejectedTemplateId(decoder.templateId())
            .rejectedSchemaId(decoder.schemaId())
            .rejectedVersion(decoder.version())
            .reason(result.protocolRejectReason());
        return MessageFrame.withHeader(protocolReject.encodedLength());
    }

    private int orderAccepted(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        orderAccepted.wrapAndApplyHeader(buffer, offset, header)
            .sequence(e.sequence()).timestamp(e.timestamp()).accountId(e.accountId()).orderId(e.orderId())
            .clientOrderId(e.clientOrderId()).price(e.price()).quantity(e.quantity()).instrumentId(e.instrumentId())
            .side(Codes.side(e.side())).ordType(Codes.ordType(e.orderType()))
            .timeInForce(Codes.timeInForce(e.timeInForce())).postOnly(Codes.flag(e.postOnly()));
        return MessageFrame.withHeader(orderAccepted.encodedLength());
    }

    private int orderRejected(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        orderRejected.wrapAndApplyHeader(buffer, offset, header)
            .sequence(e.sequence()).timestamp(e.timestamp()).accountId(e.accountId()).clientOrderId(e.clientOrderId())
            .price(e.price()).quantity(e.quantity()).instrumentId(e.instrumentId()).side(Codes.side(e.side()))
            .ordType(Codes.ordType(e.orderType())).timeInForce(Codes.timeInForce(e.timeInForce()))
            .rejectReason(Codes.rejectReason(e.rejectReason())).postOnly(Codes.flag(e.postOnly()));
        return MessageFrame.withHeader(orderRejected.encodedLength());
    }

    private int trade(final Event e, final long receiverAccountId, final MutableDirectBuffer buffer, final int offset)
    {
        final boolean maker = receiverAccountId == e.makerAccountId();
        if (!maker && receiverAccountId != e.takerAccountId())
        {
            return 0;
        }
        trade.wrapAndApplyHeader(buffer, offset, header)
            .sequence(e.sequence()).timestamp(e.timestamp()).tradeId(e.tradeId()).accountId(receiverAccountId)
            .orderId(maker ? e.makerOrderId() : e.takerOrderId())
            .clientOrderId(maker ? e.makerClientOrderId() : e.takerClientOrderId())
            .price(e.price()).quantity(e.quantity())
            .fee(maker ? e.makerFee() : e.takerFee())
            .remainingQuantity(maker ? e.makerRemainingQuantity() : e.takerRemainingQuantity())
            .instrumentId(e.instrumentId())
            // The event's side is the taker's; the maker's order is on the other side.
            .side(Codes.side(maker ? e.side().opposite() : e.side()))
            .liquidity(maker ? Liquidity.MAKER : Liquidity.TAKER);
        return MessageFrame.withHeader(trade.encodedLength());
    }

    private int orderCanceled(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        orderCanceled.wrapAndApplyHeader(buffer, offset, header)
            .sequence(e.sequence()).timestamp(e.timestamp()).accountId(e.accountId()).orderId(e.orderId())
            .clientOrderId(e.clientOrderId()).price(e.price()).quantity(e.quantity())
            .remainingQuantity(e.remainingQuantity()).filledQuantity(e.filledQuantity())
            .instrumentId(e.instrumentId()).side(Codes.side(e.side()))
            .cancelReason(Codes.cancelReason(e.cancelReason()));
        return MessageFrame.withHeader(orderCanceled.encodedLength());
    }

    private int orderReplaced(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        orderReplaced.wrapAndApplyHeader(buffer, offset, header)
            .sequence(e.sequence()).timestamp(e.timestamp()).accountId(e.accountId()).orderId(e.orderId())
            .clientOrderId(e.clientOrderId()).price(e.price()).quantity(e.quantity())
            .remainingQuantity(e.remainingQuantity()).filledQuantity(e.filledQuantity())
            .instrumentId(e.instrumentId()).side(Codes.side(e.side()));
        return MessageFrame.withHeader(orderReplaced.encodedLength());
    }

    private int cancelRejected(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        cancelRejected.wrapAndApplyHeader(buffer, offset, header)
            .sequence(e.sequence()).timestamp(e.timestamp()).accountId(e.accountId()).orderId(e.orderId())
            .price(e.price()).quantity(e.quantity()).instrumentId(e.instrumentId())
            .commandType(Codes.commandType(e.commandType())).rejectReason(Codes.rejectReason(e.rejectReason()));
        return MessageFrame.withHeader(cancelRejected.encodedLength());
    }

    private int massCancelDone(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        massCancelDone.wrapAndApplyHeader(buffer, offset, header)
            .sequence(e.sequence()).timestamp(e.timestamp()).accountId(e.accountId()).instrumentId(e.instrumentId())
            .count(e.count());
        return MessageFrame.withHeader(massCancelDone.encodedLength());
    }

    private int transferResult(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        transferResult.wrapAndApplyHeader(buffer, offset, header)
            .sequence(e.sequence()).timestamp(e.timestamp()).accountId(e.accountId())
            .targetAccountId(e.targetAccountId()).amount(e.amount()).transferId(e.transferId()).assetId(e.assetId())
            .outcome(e.type() == EventType.TRANSFER_DONE ? Outcome.DONE : Outcome.REJECTED)
            .rejectReason(Codes.rejectReason(e.rejectReason()));
        return MessageFrame.withHeader(transferResult.encodedLength());
    }

    private int balanceUpdate(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        balanceUpdate.wrapAndApplyHeader(buffer, offset, header)
            .sequence(e.sequence()).timestamp(e.timestamp()).accountId(e.accountId()).available(e.available())
            .held(e.held()).assetId(e.assetId());
        return MessageFrame.withHeader(balanceUpdate.encodedLength());
    }

    private int balance(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        balance.wrapAndApplyHeader(buffer, offset, header)
            .requestId(e.requestId()).accountId(e.accountId()).available(e.available()).held(e.held())
            .assetId(e.assetId());
        return MessageFrame.withHeader(balance.encodedLength());
    }

    private int openOrder(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        openOrder.wrapAndApplyHeader(buffer, offset, header)
            .requestId(e.requestId()).accountId(e.accountId()).orderId(e.orderId()).clientOrderId(e.clientOrderId())
            .price(e.price()).quantity(e.quantity()).remainingQuantity(e.remainingQuantity())
            .filledQuantity(e.filledQuantity()).instrumentId(e.instrumentId()).side(Codes.side(e.side()))
            .ordType(Codes.ordType(e.orderType())).timeInForce(Codes.timeInForce(e.timeInForce()))
            .postOnly(Codes.flag(e.postOnly()));
        return MessageFrame.withHeader(openOrder.encodedLength());
    }

    private int depthLevel(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        depthLevel.wrapAndApplyHeader(buffer, offset, header)
            .requestId(e.requestId()).price(e.price()).quantity(e.quantity()).instrumentId(e.instrumentId())
            .count(e.count()).side(Codes.side(e.side()));
        return MessageFrame.withHeader(depthLevel.encodedLength());
    }

    private int queryDone(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        queryDone.wrapAndApplyHeader(buffer, offset, header)
            .requestId(e.requestId()).accountId(e.accountId()).instrumentId(e.instrumentId()).count(e.count())
            .commandType(Codes.commandType(e.commandType()));
        return MessageFrame.withHeader(queryDone.encodedLength());
    }

    private int queryRejected(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        queryRejected.wrapAndApplyHeader(buffer, offset, header)
            .requestId(e.requestId()).accountId(e.accountId()).instrumentId(e.instrumentId())
            .commandType(Codes.commandType(e.commandType())).rejectReason(Codes.rejectReason(e.rejectReason()));
        return MessageFrame.withHeader(queryRejected.encodedLength());
    }

    private int adminResult(final Event e, final MutableDirectBuffer buffer, final int offset)
    {
        adminResult.wrapAndApplyHeader(buffer, offset, header)
            .sequence(e.sequence()).timestamp(e.timestamp()).accountId(e.accountId()).amount(e.amount())
            .requestId(0).assetId(e.assetId()).instrumentId(e.instrumentId()).count(e.count())
            .commandType(Codes.commandType(e.commandType()))
            .outcome(e.type() == EventType.ADMIN_DONE ? Outcome.DONE : Outcome.REJECTED)
            .rejectReason(Codes.rejectReason(e.rejectReason())).movementId(e.movementId());
        return MessageFrame.withHeader(adminResult.encodedLength());
    }
}
