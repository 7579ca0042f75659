package dev.exengine.protocol.codec;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.protocol.sbe.AddAssetEncoder;
import dev.exengine.protocol.sbe.AddInstrumentEncoder;
import dev.exengine.protocol.sbe.CancelOrderEncoder;
import dev.exengine.protocol.sbe.DepositEncoder;
import dev.exengine.protocol.sbe.HaltInstrumentEncoder;
import dev.exengine.protocol.sbe.MassCancelEncoder;
import dev.exengine.protocol.sbe.MessageHeaderEncoder;
import dev.exengine.protocol.sbe.NewOrderEncoder;
import dev.exengine.protocol.sbe.OpenAccountEncoder;
import dev.exengine.protocol.sbe.QueryBalancesEncoder;
import dev.exengine.protocol.sbe.QueryDepthEncoder;
import dev.exengine.protocol.sbe.QueryOpenOrdersEncoder;
import dev.exengine.protocol.sbe.ReplaceOrderEncoder;
import dev.exengine.protocol.sbe.ResumeAccountEncoder;
import dev.exengine.protocol.sbe.ResumeInstrumentEncoder;
import dev.exengine.protocol.sbe.SuspendAccountEncoder;
import dev.exengine.protocol.sbe.TakeSnapshotEncoder;
import dev.exengine.protocol.sbe.TransferEncoder;
import dev.exengine.protocol.sbe.WithdrawEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * The client side's encoder: writes client-to-engine application messages (the payload of a SoupBinTCP
 * Unsequenced Data packet), one typed method per message, or from a filled {@link Command}. Every method writes
 * at {@code offset} and returns the length written, header included. One instance per thread; allocates nothing.
 */
public final class ClientEncoder
{
    /** No client message is longer: AddInstrument has the longest block. */
    public static final int MAX_MESSAGE_LENGTH =
        MessageHeaderEncoder.ENCODED_LENGTH + AddInstrumentEncoder.BLOCK_LENGTH;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final CancelOrderEncoder cancelOrder = new CancelOrderEncoder();
    private final ReplaceOrderEncoder replaceOrder = new ReplaceOrderEncoder();
    private final MassCancelEncoder massCancel = new MassCancelEncoder();
    private final TransferEncoder transfer = new TransferEncoder();
    private final QueryBalancesEncoder queryBalances = new QueryBalancesEncoder();
    private final QueryOpenOrdersEncoder queryOpenOrders = new QueryOpenOrdersEncoder();
    private final QueryDepthEncoder queryDepth = new QueryDepthEncoder();
    private final AddAssetEncoder addAsset = new AddAssetEncoder();
    private final AddInstrumentEncoder addInstrument = new AddInstrumentEncoder();
    private final OpenAccountEncoder openAccount = new OpenAccountEncoder();
    private final DepositEncoder deposit = new DepositEncoder();
    private final WithdrawEncoder withdraw = new WithdrawEncoder();
    private final SuspendAccountEncoder suspendAccount = new SuspendAccountEncoder();
    private final ResumeAccountEncoder resumeAccount = new ResumeAccountEncoder();
    private final HaltInstrumentEncoder haltInstrument = new HaltInstrumentEncoder();
    private final ResumeInstrumentEncoder resumeInstrument = new ResumeInstrumentEncoder();
    private final TakeSnapshotEncoder takeSnapshot = new TakeSnapshotEncoder();

    /**
     * Encodes any command a client may send as its message.
     *
     * @throws IllegalArgumentException when the command has no type, or is one of the engine's own journal records.
     */
    public int encode(final Command c, final MutableDirectBuffer buffer, final int offset)
    {
        if (c.type() == null)
        {
            throw new IllegalArgumentException("command without a type");
        }
        return switch (c.type())
        {
            case NEW_ORDER -> newOrder(buffer, offset, c.accountId(), c.clientOrderId(), c.instrumentId(), c.side(),
                c.orderType(), c.timeInForce(), c.postOnly(), c.price(), c.quantity());
            case CANCEL_ORDER -> cancelOrder(buffer, offset, c.accountId(), c.orderId());
            case REPLACE_ORDER -> replaceOrder(buffer, offset, c.accountId(), c.orderId(), c.price(), c.quantity());
            case MASS_CANCEL -> massCancel(buffer, offset, c.accountId(), c.instrumentId());
            case TRANSFER -> transfer(buffer, offset, c.accountId(), c.targetAccountId(), c.assetId(), c.amount(),
                c.transferId());
            case QUERY_BALANCES -> queryBalances(buffer, offset, c.requestId(), c.accountId());
            case QUERY_OPEN_ORDERS -> queryOpenOrders(buffer, offset, c.requestId(), c.accountId());
            case QUERY_DEPTH -> queryDepth(buffer, offset, c.requestId(), c.instrumentId(), c.levels());
            case ADD_ASSET -> addAsset(buffer, offset, c.assetId(), c.scale());
            case ADD_INSTRUMENT -> addInstrument(buffer, offset, c);
            case OPEN_ACCOUNT -> openAccount(buffer, offset, c.accountId());
            case DEPOSIT -> deposit(buffer, offset, c.accountId(), c.assetId(), c.amount(), c.movementId());
            case WITHDRAW -> withdraw(buffer, offset, c.accountId(), c.assetId(), c.amount(), c.movementId());
            case SUSPEND_ACCOUNT -> suspendAccount(buffer, offset, c.accountId());
            case RESUME_ACCOUNT -> resumeAccount(buffer, offset, c.accountId());
            case HALT_INSTRUMENT -> haltInstrument(buffer, offset, c.instrumentId());
            case RESUME_INSTRUMENT -> resumeInstrument(buffer, offset, c.instrumentId());
            case SKIP_COMMAND, START_EPOCH ->
                throw new IllegalArgumentException(c.type() + " is the engine's own record, never a client's message");
        };
    }

    public int newOrder(
        final MutableDirectBuffer buffer,
        final int offset,
        final long accountId,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity)
    {
        newOrder.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId).clientOrderId(clientOrderId).price(price).quantity(quantity)
            .instrumentId(instrumentId).side(Codes.side(side)).ordType(Codes.ordType(orderType))
            .timeInForce(Codes.timeInForce(timeInForce)).postOnly(Codes.flag(postOnly));
        return MessageFrame.withHeader(newOrder.encodedLength());
    }

    public int cancelOrder(final MutableDirectBuffer buffer, final int offset, final long accountId, final long orderId)
    {
        cancelOrder.wrapAndApplyHeader(buffer, offset, header).accountId(accountId).orderId(orderId);
        return MessageFrame.withHeader(cancelOrder.encodedLength());
    }

    /**
     * @param quantity the new total quantity, filled part included.
     */
    public int replaceOrder(
        final MutableDirectBuffer buffer,
        final int offset,
        final long accountId,
        final long orderId,
        final long price,
        final long quantity)
    {
        replaceOrder.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId).orderId(orderId).price(price).quantity(quantity);
        return MessageFrame.withHeader(replaceOrder.encodedLength());
    }

    /**
     * @param instrumentId 0 for every instrument.
     */
    public int massCancel(final MutableDirectBuffer buffer, final int offset, final long accountId, final int instrumentId)
    {
        massCancel.wrapAndApplyHeader(buffer, offset, header).accountId(accountId).instrumentId(instrumentId);
        return MessageFrame.withHeader(massCancel.encodedLength());
    }

    public int transfer(
        final MutableDirectBuffer buffer,
        final int offset,
        final long accountId,
        final long targetAccountId,
        final int assetId,
        final long amount,
        final long transferId)
    {
        transfer.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId).targetAccountId(targetAccountId).amount(amount).transferId(transferId)
            .assetId(assetId);
        return MessageFrame.withHeader(transfer.encodedLength());
    }

    public int queryBalances(final MutableDirectBuffer buffer, final int offset, final long requestId, final long accountId)
    {
        queryBalances.wrapAndApplyHeader(buffer, offset, header).requestId(requestId).accountId(accountId);
        return MessageFrame.withHeader(queryBalances.encodedLength());
    }

    public int queryOpenOrders(
        final MutableDirectBuffer buffer, final int offset, final long requestId, final long accountId)
    {
        queryOpenOrders.wrapAndApplyHeader(buffer, offset, header).requestId(requestId).accountId(accountId);
        return MessageFrame.withHeader(queryOpenOrders.encodedLength());
    }

    /**
     * @param levels per side, 1..1000; 0 means 10.
     */
    public int queryDepth(
        final MutableDirectBuffer buffer, final int offset, final long requestId, final int instrumentId, final int levels)
    {
        queryDepth.wrapAndApplyHeader(buffer, offset, header)
            .requestId(requestId).instrumentId(instrumentId).levels(levels);
        return MessageFrame.withHeader(queryDepth.encodedLength());
    }

    public int addAsset(final MutableDirectBuffer buffer, final int offset, final int assetId, final int scale)
    {
        addAsset.wrapAndApplyHeader(buffer, offset, header).assetId(assetId).scale(scale);
        return MessageFrame.withHeader(addAsset.encodedLength());
    }

    /**
     * Takes the instrument's many fields from a command (instrumentId, baseAssetId, quoteAssetId, tickSize, lotSize,
     * tickValue, minQuantity, maxQuantity, makerFeePpm, takerFeePpm, feeAccountId); its type is not looked at.
     */
    public int addInstrument(final MutableDirectBuffer buffer, final int offset, final Command c)
    {
        addInstrument.wrapAndApplyHeader(buffer, offset, header)
            .tickSize(c.tickSize()).lotSize(c.lotSize()).tickValue(c.tickValue()).minQuantity(c.minQuantity())
            .maxQuantity(c.maxQuantity()).feeAccountId(c.feeAccountId()).instrumentId(c.instrumentId())
            .baseAssetId(c.baseAssetId()).quoteAssetId(c.quoteAssetId()).makerFeePpm(c.makerFeePpm())
            .takerFeePpm(c.takerFeePpm());
        return MessageFrame.withHeader(addInstrument.encodedLength());
    }

    public int openAccount(final MutableDirectBuffer buffer, final int offset, final long accountId)
    {
        openAccount.wrapAndApplyHeader(buffer, offset, header).accountId(accountId);
        return MessageFrame.withHeader(openAccount.encodedLength());
    }

    /**
     * @param movementId the client's id of this deposit: a repeat gets the first outcome; 0 for none.
     */
    public int deposit(
        final MutableDirectBuffer buffer,
        final int offset,
        final long accountId,
        final int assetId,
        final long amount,
        final long movementId)
    {
        deposit.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId).amount(amount).assetId(assetId).movementId(movementId);
        return MessageFrame.withHeader(deposit.encodedLength());
    }

    /**
     * @param movementId the client's id of this withdrawal: a repeat gets the first outcome; 0 for none.
     */
    public int withdraw(
        final MutableDirectBuffer buffer,
        final int offset,
        final long accountId,
        final int assetId,
        final long amount,
        final long movementId)
    {
        withdraw.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId).amount(amount).assetId(assetId).movementId(movementId);
        return MessageFrame.withHeader(withdraw.encodedLength());
    }

    public int suspendAccount(final MutableDirectBuffer buffer, final int offset, final long accountId)
    {
        suspendAccount.wrapAndApplyHeader(buffer, offset, header).accountId(accountId);
        return MessageFrame.withHeader(suspendAccount.encodedLength());
    }

    public int resumeAccount(final MutableDirectBuffer buffer, final int offset, final long accountId)
    {
        resumeAccount.wrapAndApplyHeader(buffer, offset, header).accountId(accountId);
        return MessageFrame.withHeader(resumeAccount.encodedLength());
    }

    public int haltInstrument(final MutableDirectBuffer buffer, final int offset, final int instrumentId)
    {
        haltInstrument.wrapAndApplyHeader(buffer, offset, header).instrumentId(instrumentId);
        return MessageFrame.withHeader(haltInstrument.encodedLength());
    }

    public int resumeInstrument(final MutableDirectBuffer buffer, final int offset, final int instrumentId)
    {
        resumeInstrument.wrapAndApplyHeader(buffer, offset, header).instrumentId(instrumentId);
        return MessageFrame.withHeader(resumeInstrument.encodedLength());
    }

    public int takeSnapshot(final MutableDirectBuffer buffer, final int offset, final long requestId)
    {
        takeSnapshot.wrapAndApplyHeader(buffer, offset, header).requestId(requestId);
        return MessageFrame.withHeader(takeSnapshot.encodedLength());
    }
}
