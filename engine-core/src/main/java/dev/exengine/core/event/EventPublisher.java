package dev.exengine.core.event;

import dev.exengine.core.account.Account;
import dev.exengine.core.account.Asset;
import dev.exengine.core.book.Order;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.Side;

/**
 * Fills a reused {@link Event} with exactly the fields docs/SEMANTICS.md ("Event fields") lists for each event type
 * and hands it to the listener of the current command. Allocates nothing.
 *
 * <p>Each event type has its own instance, filled by one method only (ADMIN_DONE and ADMIN_REJECTED by two). Most
 * methods set the same fields every time, so their instance never needs clearing (all of its other fields stay 0/null
 * from construction); only the methods whose fields depend on the command, or that share an instance, clear it first
 * ({@link #startCleared}).
 */
public final class EventPublisher
{
    private final Event[] eventsByType = new Event[EventType.values().length];
    private Event event;
    private EventListener listener;
    private CommandType commandType;
    private long sequence;
    private long timestamp;

    public EventPublisher()
    {
        for (int i = 0; i < eventsByType.length; i++)
        {
            eventsByType[i] = new Event();
        }
    }

    public void begin(final CommandType commandType, final long sequence, final long timestamp, final EventListener listener)
    {
        this.commandType = commandType;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.listener = listener;
    }

    /**
     * Starts an event of the current command, of a type whose method sets the same fields every time; fill it,
     * then {@link #publish()}.
     */
    private Event start(final EventType type)
    {
        event = eventsByType[type.ordinal()];
        return event.type(type).sequence(sequence).timestamp(timestamp).commandType(commandType);
    }

    /** Starts an event like {@link #start}, with every field cleared first: for fields that depend on the command. */
    private Event startCleared(final EventType type)
    {
        eventsByType[type.ordinal()].reset();
        return start(type);
    }

    private void publish()
    {
        listener.onEvent(event);
    }

    /** Reports the new balance of one (account, asset); the balance entry exists from then on. */
    public void balanceChanged(final Account account, final Asset asset)
    {
        final int index = asset.index();
        account.touch(index);
        start(EventType.BALANCE_CHANGED).accountId(account.id()).assetId(asset.id())
            .available(account.available(index)).held(account.held(index));
        publish();
    }

    public void orderAccepted(final Order order)
    {
        orderFields(EventType.ORDER_ACCEPTED, order).orderType(order.orderType()).timeInForce(order.timeInForce())
            .postOnly(order.postOnly()).quantity(order.quantity()).remainingQuantity(order.remaining());
        publish();
    }

    public void orderCanceled(final Order order, final CancelReason reason)
    {
        orderFields(EventType.ORDER_CANCELED, order).quantity(order.quantity())
            .remainingQuantity(order.remaining()).filledQuantity(order.filled()).cancelReason(reason);
        publish();
    }

    public void orderReplaced(final Order order)
    {
        orderFields(EventType.ORDER_REPLACED, order).quantity(order.quantity())
            .remainingQuantity(order.remaining()).filledQuantity(order.filled());
        publish();
    }

    public void openOrder(final Order order, final long requestId)
    {
        orderFields(EventType.OPEN_ORDER, order).orderType(order.orderType()).timeInForce(order.timeInForce())
            .postOnly(order.postOnly()).quantity(order.quantity()).remainingQuantity(order.remaining())
            .filledQuantity(order.filled()).requestId(requestId);
        publish();
    }

    public void trade(
        final long tradeId, final Order taker, final Order maker, final long price, final long quantity,
        final long makerFee, final long takerFee)
    {
        start(EventType.TRADE).instrumentId(taker.instrumentId()).price(price).quantity(quantity)
            .side(taker.side()).tradeId(tradeId)
            .makerAccountId(maker.account().id()).makerOrderId(maker.orderId())
            .makerClientOrderId(maker.clientOrderId()).makerRemainingQuantity(maker.remaining()).makerFee(makerFee)
            .takerAccountId(taker.account().id()).takerOrderId(taker.orderId())
            .takerClientOrderId(taker.clientOrderId()).takerRemainingQuantity(taker.remaining()).takerFee(takerFee);
        publish();
    }

    public void orderRejected(final Command command, final RejectReason reason)
    {
        start(EventType.ORDER_REJECTED).accountId(command.accountId()).clientOrderId(command.clientOrderId())
            .instrumentId(command.instrumentId()).side(command.side()).orderType(command.orderType())
            .timeInForce(command.timeInForce()).postOnly(command.postOnly()).price(command.price())
            .quantity(command.quantity()).rejectReason(reason);
        publish();
    }

    /** CANCEL_REJECTED of a cancel, replace or mass cancel, with the verbatim fields of that command type. */
    public void cancelRejected(final Command command, final RejectReason reason)
    {
        final Event rejected = startCleared(EventType.CANCEL_REJECTED).accountId(command.accountId())
            .rejectReason(reason);
        if (commandType == CommandType.MASS_CANCEL)
        {
            rejected.instrumentId(command.instrumentId());
        }
        else
        {
            rejected.orderId(command.orderId());
            if (commandType == CommandType.REPLACE_ORDER)
            {
                rejected.price(command.price()).quantity(command.quantity());
            }
        }
        publish();
    }

    public void massCancelDone(final Command command, final int count)
    {
        start(EventType.MASS_CANCEL_DONE).accountId(command.accountId()).instrumentId(command.instrumentId())
            .count(count);
        publish();
    }

    /** TRANSFER_DONE (reason NONE) or TRANSFER_REJECTED, also when a remembered outcome is repeated. */
    public void transferOutcome(
        final long accountId, final long targetAccountId, final int assetId, final long amount, final long transferId,
        final RejectReason reason)
    {
        start(reason == RejectReason.NONE ? EventType.TRANSFER_DONE : EventType.TRANSFER_REJECTED)
            .accountId(accountId).targetAccountId(targetAccountId).assetId(assetId).amount(amount)
            .transferId(transferId).rejectReason(rejectOrNull(reason));
        publish();
    }

    /**
     * The reject, with reason INTERNAL_ERROR, of a command left out of the state: it threw inside the business logic
     * (or the journal says it did when it ran). Whatever its type, the fields a client matches it by are echoed.
     */
    public void leftOut(final Command command)
    {
        startCleared(EventType.rejectOf(commandType)).accountId(command.accountId()).orderId(command.orderId())
            .clientOrderId(command.clientOrderId()).instrumentId(command.instrumentId())
            .requestId(command.requestId()).rejectReason(RejectReason.INTERNAL_ERROR);
        publish();
    }

    /**
     * ADMIN_DONE (reason NONE) or ADMIN_REJECTED with the verbatim fields of the admin command type; deposits and
     * withdrawals report through {@link #movementOutcome}.
     */
    public void adminOutcome(final Command command, final RejectReason reason, final int count)
    {
        final Event outcome =
            startCleared(reason == RejectReason.NONE ? EventType.ADMIN_DONE : EventType.ADMIN_REJECTED)
            .rejectReason(rejectOrNull(reason)).count(count);
        switch (commandType)
        {
            case ADD_ASSET -> outcome.assetId(command.assetId());
            case ADD_INSTRUMENT, HALT_INSTRUMENT, RESUME_INSTRUMENT -> outcome.instrumentId(command.instrumentId());
            default -> outcome.accountId(command.accountId());
        }
        publish();
    }

    /**
     * ADMIN_DONE (reason NONE) or ADMIN_REJECTED of a deposit or withdrawal, also when a remembered one is repeated.
     * Cleared first: {@link #adminOutcome} fills the same instances.
     */
    public void movementOutcome(
        final long accountId, final int assetId, final long amount, final long movementId, final RejectReason reason)
    {
        startCleared(reason == RejectReason.NONE ? EventType.ADMIN_DONE : EventType.ADMIN_REJECTED)
            .accountId(accountId).assetId(assetId).amount(amount).movementId(movementId)
            .rejectReason(rejectOrNull(reason));
        publish();
    }

    public void balance(final Account account, final Asset asset, final long requestId)
    {
        start(EventType.BALANCE).accountId(account.id()).assetId(asset.id())
            .available(account.available(asset.index())).held(account.held(asset.index())).requestId(requestId);
        publish();
    }

    public void depthLevel(
        final int instrumentId, final Side side, final long price, final long quantity,
        final int count, final long requestId)
    {
        start(EventType.DEPTH_LEVEL).instrumentId(instrumentId).side(side).price(price).quantity(quantity)
            .count(count).requestId(requestId);
        publish();
    }

    /** QUERY_DONE (reason NONE) or QUERY_REJECTED, with the verbatim account or instrument of the query. */
    public void queryOutcome(final Command command, final RejectReason reason, final int count)
    {
        final Event outcome =
            startCleared(reason == RejectReason.NONE ? EventType.QUERY_DONE : EventType.QUERY_REJECTED)
            .requestId(command.requestId()).rejectReason(rejectOrNull(reason)).count(count);
        if (commandType == CommandType.QUERY_DEPTH)
        {
            outcome.instrumentId(command.instrumentId());
        }
        else
        {
            outcome.accountId(command.accountId());
        }
        publish();
    }

    /** A done outcome carries no reject reason at all (not NONE), so that its canonical text has none. */
    private static RejectReason rejectOrNull(final RejectReason reason)
    {
        return reason == RejectReason.NONE ? null : reason;
    }

    private Event orderFields(final EventType type, final Order order)
    {
        return start(type).accountId(order.account().id()).orderId(order.orderId())
            .clientOrderId(order.clientOrderId()).instrumentId(order.instrumentId()).side(order.side())
            .price(order.price());
    }
}
