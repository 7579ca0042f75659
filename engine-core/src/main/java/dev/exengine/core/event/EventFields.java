package dev.exengine.core.event;

import dev.exengine.core.command.CommandType;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The fields each event has besides {@code type}, {@code sequence}, {@code timestamp} and {@code commandType}, by
 * their names in the canonical text ({@link Event#appendTo}), as docs/SEMANTICS.md "Event fields" lists them: for
 * tools that write every field of an event, 0 included, so that a 0 differs from a field the event does not have.
 * The engine sets no other field, but for one case: the reject of a command left out of the state (reason
 * INTERNAL_ERROR) echoes whatever identifies its command ({@link EventPublisher#leftOut}). Not for the hot path.
 */
public final class EventFields
{
    private static final Set<String> ORDER = Set.of("accountId", "orderId", "clientOrderId", "instrumentId", "side",
        "orderType", "timeInForce", "postOnly", "price", "quantity", "remainingQuantity");
    private static final Set<String> MOVEMENT = Set.of("accountId", "assetId", "amount", "movementId");
    private static final Set<String> TRANSFER = Set.of("accountId", "targetAccountId", "assetId", "amount",
        "transferId");
    private static final Map<EventType, Set<String>> BY_TYPE = new EnumMap<>(EventType.class);

    static
    {
        BY_TYPE.put(EventType.ORDER_ACCEPTED, ORDER);
        BY_TYPE.put(EventType.ORDER_REJECTED, Set.of("accountId", "clientOrderId", "instrumentId", "side",
            "orderType", "timeInForce", "postOnly", "price", "quantity", "rejectReason"));
        BY_TYPE.put(EventType.TRADE, Set.of("instrumentId", "side", "price", "quantity", "tradeId", "makerAccountId",
            "makerOrderId", "makerClientOrderId", "makerRemainingQuantity", "makerFee", "takerAccountId", "takerOrderId",
            "takerClientOrderId", "takerRemainingQuantity", "takerFee"));
        BY_TYPE.put(EventType.ORDER_CANCELED, Set.of("accountId", "orderId", "clientOrderId", "instrumentId", "side",
            "price", "quantity", "remainingQuantity", "filledQuantity", "cancelReason"));
        BY_TYPE.put(EventType.ORDER_REPLACED, Set.of("accountId", "orderId", "clientOrderId", "instrumentId", "side",
            "price", "quantity", "remainingQuantity", "filledQuantity"));
        BY_TYPE.put(EventType.MASS_CANCEL_DONE, Set.of("accountId", "instrumentId", "count"));
        BY_TYPE.put(EventType.TRANSFER_DONE, TRANSFER);
        BY_TYPE.put(EventType.TRANSFER_REJECTED, with(TRANSFER, "rejectReason"));
        BY_TYPE.put(EventType.BALANCE_CHANGED, Set.of("accountId", "assetId", "available", "held"));
        BY_TYPE.put(EventType.BALANCE, Set.of("accountId", "assetId", "available", "held", "requestId"));
        BY_TYPE.put(EventType.OPEN_ORDER, with(ORDER, "filledQuantity", "requestId"));
        BY_TYPE.put(EventType.DEPTH_LEVEL, Set.of("instrumentId", "side", "price", "quantity", "count", "requestId"));
    }

    private EventFields()
    {
    }

    /**
     * @param commandType the command the event answers: the fields of CANCEL_REJECTED, ADMIN_DONE, ADMIN_REJECTED,
     *                    QUERY_DONE and QUERY_REJECTED depend on it.
     * @return the fields; none for a pair the engine never produces.
     */
    public static Set<String> of(final EventType type, final CommandType commandType)
    {
        final Set<String> fields = BY_TYPE.get(type);
        if (fields != null)
        {
            return fields;
        }
        if (commandType == null)
        {
            return Set.of();
        }
        return switch (type)
        {
            case CANCEL_REJECTED -> switch (commandType)
            {
                case CANCEL_ORDER -> Set.of("accountId", "orderId", "rejectReason");
                case REPLACE_ORDER -> Set.of("accountId", "orderId", "price", "quantity", "rejectReason");
                case MASS_CANCEL -> Set.of("accountId", "instrumentId", "rejectReason");
                default -> Set.of();
            };
            case ADMIN_DONE -> admin(commandType, commandType == CommandType.HALT_INSTRUMENT ?
                Set.of("instrumentId", "count") : Set.of("instrumentId"));
            case ADMIN_REJECTED -> with(admin(commandType, Set.of("instrumentId")), "rejectReason");
            case QUERY_DONE -> with(query(commandType), "requestId", "count");
            case QUERY_REJECTED -> with(query(commandType), "requestId", "rejectReason");
            default -> Set.of();
        };
    }

    private static Set<String> admin(final CommandType commandType, final Set<String> instrumentFields)
    {
        return switch (commandType)
        {
            case ADD_ASSET -> Set.of("assetId");
            case OPEN_ACCOUNT, SUSPEND_ACCOUNT, RESUME_ACCOUNT -> Set.of("accountId");
            case DEPOSIT, WITHDRAW -> MOVEMENT;
            case ADD_INSTRUMENT, HALT_INSTRUMENT, RESUME_INSTRUMENT -> instrumentFields;
            default -> Set.of();
        };
    }

    private static Set<String> query(final CommandType commandType)
    {
        return commandType == CommandType.QUERY_DEPTH ? Set.of("instrumentId") : Set.of("accountId");
    }

    private static Set<String> with(final Set<String> fields, final String... more)
    {
        final Set<String> all = new HashSet<>(fields);
        all.addAll(Arrays.asList(more));
        return Set.copyOf(all);
    }
}
