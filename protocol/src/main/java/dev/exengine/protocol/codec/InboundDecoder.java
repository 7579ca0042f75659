package dev.exengine.protocol.codec;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.protocol.sbe.AddAssetDecoder;
import dev.exengine.protocol.sbe.AddInstrumentDecoder;
import dev.exengine.protocol.sbe.CancelOrderDecoder;
import dev.exengine.protocol.sbe.DepositDecoder;
import dev.exengine.protocol.sbe.HaltInstrumentDecoder;
import dev.exengine.protocol.sbe.MassCancelDecoder;
import dev.exengine.protocol.sbe.MessageHeaderDecoder;
import dev.exengine.protocol.sbe.NewOrderDecoder;
import dev.exengine.protocol.sbe.OpenAccountDecoder;
import dev.exengine.protocol.sbe.QueryBalancesDecoder;
import dev.exengine.protocol.sbe.QueryDepthDecoder;
import dev.exengine.protocol.sbe.QueryOpenOrdersDecoder;
import dev.exengine.protocol.sbe.ReplaceOrderDecoder;
import dev.exengine.protocol.sbe.ResumeAccountDecoder;
import dev.exengine.protocol.sbe.ResumeInstrumentDecoder;
import dev.exengine.protocol.sbe.SuspendAccountDecoder;
import dev.exengine.protocol.sbe.TakeSnapshotDecoder;
import dev.exengine.protocol.sbe.TransferDecoder;
import dev.exengine.protocol.sbe.WithdrawDecoder;
import org.agrona.DirectBuffer;

/**
 * Decodes one client-to-engine application message (the payload of a SoupBinTCP Unsequenced Data packet) into an
 * engine {@link Command}, and tells the session layer what it needs to authorize it: {@link #isAdmin()} and
 * {@link #actsOnAccount()}/{@link #commandAccountId()}. Honours the acting block length and version of the header:
 * an older client's shorter block decodes with the added fields at their defaults, a newer client's longer block
 * decodes its known fields. One instance per thread; allocates nothing.
 */
public final class InboundDecoder
{
    private final MessageFrame frame = new MessageFrame();
    private final NewOrderDecoder newOrder = new NewOrderDecoder();
    private final CancelOrderDecoder cancelOrder = new CancelOrderDecoder();
    private final ReplaceOrderDecoder replaceOrder = new ReplaceOrderDecoder();
    private final MassCancelDecoder massCancel = new MassCancelDecoder();
    private final TransferDecoder transfer = new TransferDecoder();
    private final QueryBalancesDecoder queryBalances = new QueryBalancesDecoder();
    private final QueryOpenOrdersDecoder queryOpenOrders = new QueryOpenOrdersDecoder();
    private final QueryDepthDecoder queryDepth = new QueryDepthDecoder();
    private final AddAssetDecoder addAsset = new AddAssetDecoder();
    private final AddInstrumentDecoder addInstrument = new AddInstrumentDecoder();
    private final OpenAccountDecoder openAccount = new OpenAccountDecoder();
    private final DepositDecoder deposit = new DepositDecoder();
    private final WithdrawDecoder withdraw = new WithdrawDecoder();
    private final SuspendAccountDecoder suspendAccount = new SuspendAccountDecoder();
    private final ResumeAccountDecoder resumeAccount = new ResumeAccountDecoder();
    private final HaltInstrumentDecoder haltInstrument = new HaltInstrumentDecoder();
    private final ResumeInstrumentDecoder resumeInstrument = new ResumeInstrumentDecoder();
    private final TakeSnapshotDecoder takeSnapshot = new TakeSnapshotDecoder();

    private boolean admin;
    private boolean actsOnAccount;
    private long accountId;

    /**
     * Decodes one message. On MESSAGE the command is filled (after a reset); on TAKE_SNAPSHOT the command holds
     * only the request id (no type); on an error the command is reset and the header as read is available from
     * {@link #templateId()}, {@link #schemaId()} and {@link #version()} for the ProtocolReject.
     *
     * @param buffer  holding the message.
     * @param offset  of the SBE message header.
     * @param length  of the whole message, header included.
     * @param command reused holder to fill.
     * @return MESSAGE, TAKE_SNAPSHOT, or an error: TRUNCATED, WRONG_SCHEMA, UNKNOWN_TEMPLATE, SHORT_BLOCK, BAD_ENUM.
     */
    public DecodeResult decode(final DirectBuffer buffer, final int offset, final int length, final Command command)
    {
        command.reset();
        admin = false;
        actsOnAccount = false;
        accountId = 0;
        DecodeResult result = frame.readHeader(buffer, offset, length);
        if (result == null)
        {
            result = frame.checkBlock(length, minBlockLength(frame.templateId(), frame.version()));
        }
        if (result == null)
        {
            result = decodeBody(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, command);
        }
        if (result == DecodeResult.MESSAGE)
        {
            admin = command.type().isAdmin();
            actsOnAccount = !admin && command.type() != CommandType.QUERY_DEPTH;
            accountId = actsOnAccount ? command.accountId() : 0;
        }
        else if (result == DecodeResult.TAKE_SNAPSHOT)
        {
            admin = true;
        }
        else
        {
            command.reset();
        }
        return result;
    }

    /**
     * @return true when the last decoded message needs the admin role (admin commands and TakeSnapshot).
     */
    public boolean isAdmin()
    {
        return admin;
    }

    /**
     * @return true when the last decoded message is a trading command or query that acts on
     * {@link #commandAccountId()}, which must then belong to the session. False for admin messages, QueryDepth and
     * errors.
     */
    public boolean actsOnAccount()
    {
        return actsOnAccount;
    }

    /**
     * @return the account the last decoded message acts on (the source of a transfer); meaningful only when
     * {@link #actsOnAccount()}.
     */
    public long commandAccountId()
    {
        return accountId;
    }

    /**
     * @return the template id of the header last read; 0 when the message was shorter than a header.
     */
    public int templateId()
    {
        return frame.templateId();
    }

    public int schemaId()
    {
        return frame.schemaId();
    }

    public int version()
    {
        return frame.version();
    }

    private DecodeResult decodeBody(final DirectBuffer buffer, final int offset, final Command command)
    {
        final int blockLength = frame.blockLength();
        final int version = frame.version();
        switch (frame.templateId())
        {
            case NewOrderDecoder.TEMPLATE_ID ->
            {
                final NewOrderDecoder d = newOrder.wrap(buffer, offset, blockLength, version);
                final Side side = Side.fromCode(d.sideRaw());
                final OrderType orderType = OrderType.fromCode(d.ordTypeRaw());
                final TimeInForce timeInForce = TimeInForce.fromCode(d.timeInForceRaw());
                // A version-0 client has no postOnly: the decoder then answers the null value, meaning "not set".
                final int postOnly =
                    Codes.postOnly(d.actingVersion(), NewOrderDecoder.postOnlySinceVersion(), d.postOnlyRaw());
                if (side == null || orderType == null || timeInForce == null || postOnly < 0)
                {
                    return DecodeResult.BAD_ENUM;
                }
                command.type(CommandType.NEW_ORDER).accountId(d.accountId()).clientOrderId(d.clientOrderId())
                    .price(d.price()).quantity(d.quantity()).instrumentId(d.instrumentId()).side(side)
                    .orderType(orderType).timeInForce(timeInForce).postOnly(postOnly == 1);
            }
            case CancelOrderDecoder.TEMPLATE_ID ->
            {
                final CancelOrderDecoder d = cancelOrder.wrap(buffer, offset, blockLength, version);
                command.type(CommandType.CANCEL_ORDER).accountId(d.accountId()).orderId(d.orderId());
            }
            case ReplaceOrderDecoder.TEMPLATE_ID ->
            {
                final ReplaceOrderDecoder d = replaceOrder.wrap(buffer, offset, blockLength, version);
                command.type(CommandType.REPLACE_ORDER).accountId(d.accountId()).orderId(d.orderId())
                    .price(d.price()).quantity(d.quantity());
            }
            case MassCancelDecoder.TEMPLATE_ID ->
            {
                final MassCancelDecoder d = massCancel.wrap(buffer, offset, blockLength, version);
                command.type(CommandType.MASS_CANCEL).accountId(d.accountId()).instrumentId(d.instrumentId());
            }
            case TransferDecoder.TEMPLATE_ID ->
            {
                final TransferDecoder d = transfer.wrap(buffer, offset, blockLength, version);
                command.type(CommandType.TRANSFER).accountId(d.accountId()).targetAccountId(d.targetAccountId())
                    .amount(d.amount()).transferId(d.transferId()).assetId(d.assetId());
            }
            case QueryBalancesDecoder.TEMPLATE_ID ->
            {
                final QueryBalancesDecoder d = queryBalances.wrap(buffer, offset, blockLength, version);
                command.type(CommandType.QUERY_BALANCES).requestId(d.requestId()).accountId(d.accountId());
            }
            case QueryOpenOrdersDecoder.TEMPLATE_ID ->
            {
                final QueryOpenOrdersDecoder d = queryOpenOrders.wrap(buffer, offset, blockLength, version);
                command.type(CommandType.QUERY_OPEN_ORDERS).requestId(d.requestId()).accountId(d.accountId());
            }
            case QueryDepthDecoder.TEMPLATE_ID ->
            {
                final QueryDepthDecoder d = queryDepth.wrap(buffer, offset, blockLength, version);
                command.type(CommandType.QUERY_DEPTH).requestId(d.requestId()).instrumentId(d.instrumentId())
                    .levels(d.levels());
            }
            case AddAssetDecoder.TEMPLATE_ID ->
            {
                final AddAssetDecoder d = addAsset.wrap(buffer, offset, blockLength, version);
                command.type(CommandType.ADD_ASSET).assetId(d.assetId()).scale(d.scale());
            }
            case AddInstrumentDecoder.TEMPLATE_ID ->
            {
                final AddInstrumentDecoder d = addInstrument.wrap(buffer, offset, blockLength, version);
                command.type(CommandType.ADD_INSTRUMENT).instrumentId(d.instrumentId())
                    .baseAssetId(d.baseAssetId()).quoteAssetId(d.quoteAssetId()).tickSize(d.tickSize())
                    .lotSize(d.lotSize()).tickValue(d.tickValue()).minQuantity(d.minQuantity())
                    .maxQuantity(d.maxQuantity()).makerFeePpm(d.makerFeePpm()).takerFeePpm(d.takerFeePpm())
                    .feeAccountId(d.feeAccountId());
            }
            case OpenAccountDecoder.TEMPLATE_ID ->
                command.type(CommandType.OPEN_ACCOUNT)
                    .accountId(openAccount.wrap(buffer, offset, blockLength, version).accountId());
            case DepositDecoder.TEMPLATE_ID ->
            {
                final DepositDecoder d = deposit.wrap(buffer, offset, blockLength, version);
                // A client before version 2 sends no movementId: its deposits have none and are not idempotent.
                command.type(CommandType.DEPOSIT).accountId(d.accountId()).amount(d.amount()).assetId(d.assetId())
                    .movementId(d.actingVersion() < DepositDecoder.movementIdSinceVersion() ? 0 : d.movementId());
            }
            case WithdrawDecoder.TEMPLATE_ID ->
            {
                final WithdrawDecoder d = withdraw.wrap(buffer, offset, blockLength, version);
                command.type(CommandType.WITHDRAW).accountId(d.accountId()).amount(d.amount()).assetId(d.assetId())
                    .movementId(d.actingVersion() < WithdrawDecoder.movementIdSinceVersion() ? 0 : d.movementId());
            }
            case SuspendAccountDecoder.TEMPLATE_ID ->
                command.type(CommandType.SUSPEND_ACCOUNT)
                    .accountId(suspendAccount.wrap(buffer, offset, blockLength, version).accountId());
            case ResumeAccountDecoder.TEMPLATE_ID ->
                command.type(CommandType.RESUME_ACCOUNT)
                    .accountId(resumeAccount.wrap(buffer, offset, blockLength, version).accountId());
            case HaltInstrumentDecoder.TEMPLATE_ID ->
                command.type(CommandType.HALT_INSTRUMENT)
                    .instrumentId(haltInstrument.wrap(buffer, offset, blockLength, version).instrumentId());
            case ResumeInstrumentDecoder.TEMPLATE_ID ->
                command.type(CommandType.RESUME_INSTRUMENT)
                    .instrumentId(resumeInstrument.wrap(buffer, offset, blockLength, version).instrumentId());
            case TakeSnapshotDecoder.TEMPLATE_ID ->
            {
                command.requestId(takeSnapshot.wrap(buffer, offset, blockLength, version).requestId());
                return DecodeResult.TAKE_SNAPSHOT;
            }
            default -> throw new IllegalStateException("template " + frame.templateId() + " passed the block check");
        }
        return DecodeResult.MESSAGE;
    }

    private static int minBlockLength(final int templateId, final int version)
    {
        return switch (templateId)
        {
            case NewOrderDecoder.TEMPLATE_ID -> MessageFrame.blockLengthFor(version,
                NewOrderDecoder.postOnlySinceVersion(), NewOrderDecoder.postOnlyEncodingOffset(),
                NewOrderDecoder.BLOCK_LENGTH);
            case CancelOrderDecoder.TEMPLATE_ID -> CancelOrderDecoder.BLOCK_LENGTH;
            case ReplaceOrderDecoder.TEMPLATE_ID -> ReplaceOrderDecoder.BLOCK_LENGTH;
            case MassCancelDecoder.TEMPLATE_ID -> MassCancelDecoder.BLOCK_LENGTH;
            case TransferDecoder.TEMPLATE_ID -> TransferDecoder.BLOCK_LENGTH;
            case QueryBalancesDecoder.TEMPLATE_ID -> QueryBalancesDecoder.BLOCK_LENGTH;
            case QueryOpenOrdersDecoder.TEMPLATE_ID -> QueryOpenOrdersDecoder.BLOCK_LENGTH;
            case QueryDepthDecoder.TEMPLATE_ID -> QueryDepthDecoder.BLOCK_LENGTH;
            case AddAssetDecoder.TEMPLATE_ID -> AddAssetDecoder.BLOCK_LENGTH;
            case AddInstrumentDecoder.TEMPLATE_ID -> AddInstrumentDecoder.BLOCK_LENGTH;
            case OpenAccountDecoder.TEMPLATE_ID -> OpenAccountDecoder.BLOCK_LENGTH;
            case DepositDecoder.TEMPLATE_ID -> MessageFrame.blockLengthFor(version,
                DepositDecoder.movementIdSinceVersion(), DepositDecoder.movementIdEncodingOffset(),
                DepositDecoder.BLOCK_LENGTH);
            case WithdrawDecoder.TEMPLATE_ID -> MessageFrame.blockLengthFor(version,
                WithdrawDecoder.movementIdSinceVersion(), WithdrawDecoder.movementIdEncodingOffset(),
                WithdrawDecoder.BLOCK_LENGTH);
            case SuspendAccountDecoder.TEMPLATE_ID -> SuspendAccountDecoder.BLOCK_LENGTH;
            case ResumeAccountDecoder.TEMPLATE_ID -> ResumeAccountDecoder.BLOCK_LENGTH;
            case HaltInstrumentDecoder.TEMPLATE_ID -> HaltInstrumentDecoder.BLOCK_LENGTH;
            case ResumeInstrumentDecoder.TEMPLATE_ID -> ResumeInstrumentDecoder.BLOCK_LENGTH;
            case TakeSnapshotDecoder.TEMPLATE_ID -> TakeSnapshotDecoder.BLOCK_LENGTH;
            default -> MessageFrame.UNKNOWN;
        };
    }
}
