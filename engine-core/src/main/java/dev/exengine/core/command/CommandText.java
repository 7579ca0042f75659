package dev.exengine.core.command;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads the canonical text that {@link Command#appendTo} writes ({@code NEW_ORDER accountId=1 side=BUY postOnly ...}),
 * so that operators can write commands in configuration files and tools can read back what they printed.
 * Allocates; not for the hot path.
 */
public final class CommandText
{
    private static final Map<String, BiConsumer<Command, String>> FIELDS = Map.ofEntries(
        Map.entry("accountId", (c, v) -> c.accountId(Long.parseLong(v))),
        Map.entry("targetAccountId", (c, v) -> c.targetAccountId(Long.parseLong(v))),
        Map.entry("assetId", (c, v) -> c.assetId(Integer.parseInt(v))),
        Map.entry("scale", (c, v) -> c.scale(Integer.parseInt(v))),
        Map.entry("amount", (c, v) -> c.amount(Long.parseLong(v))),
        Map.entry("transferId", (c, v) -> c.transferId(Long.parseLong(v))),
        Map.entry("instrumentId", (c, v) -> c.instrumentId(Integer.parseInt(v))),
        Map.entry("orderId", (c, v) -> c.orderId(Long.parseLong(v))),
        Map.entry("clientOrderId", (c, v) -> c.clientOrderId(Long.parseLong(v))),
        Map.entry("side", (c, v) -> c.side(Side.valueOf(v))),
        Map.entry("orderType", (c, v) -> c.orderType(OrderType.valueOf(v))),
        Map.entry("timeInForce", (c, v) -> c.timeInForce(TimeInForce.valueOf(v))),
        Map.entry("price", (c, v) -> c.price(Long.parseLong(v))),
        Map.entry("quantity", (c, v) -> c.quantity(Long.parseLong(v))),
        Map.entry("baseAssetId", (c, v) -> c.baseAssetId(Integer.parseInt(v))),
        Map.entry("quoteAssetId", (c, v) -> c.quoteAssetId(Integer.parseInt(v))),
        Map.entry("tickSize", (c, v) -> c.tickSize(Long.parseLong(v))),
        Map.entry("lotSize", (c, v) -> c.lotSize(Long.parseLong(v))),
        Map.entry("tickValue", (c, v) -> c.tickValue(Long.parseLong(v))),
        Map.entry("minQuantity", (c, v) -> c.minQuantity(Long.parseLong(v))),
        Map.entry("maxQuantity", (c, v) -> c.maxQuantity(Long.parseLong(v))),
        Map.entry("makerFeePpm", (c, v) -> c.makerFeePpm(Integer.parseInt(v))),
        Map.entry("takerFeePpm", (c, v) -> c.takerFeePpm(Integer.parseInt(v))),
        Map.entry("feeAccountId", (c, v) -> c.feeAccountId(Long.parseLong(v))),
        Map.entry("requestId", (c, v) -> c.requestId(Long.parseLong(v))),
        Map.entry("levels", (c, v) -> c.levels(Integer.parseInt(v))),
        Map.entry("skippedSequence", (c, v) -> c.skippedSequence(Long.parseLong(v))),
        Map.entry("epoch", (c, v) -> c.epoch(Long.parseLong(v))),
        Map.entry("movementId", (c, v) -> c.movementId(Long.parseLong(v))));

    private CommandText()
    {
    }

    /**
     * Fills {@code command} (reset first) from one line of canonical text.
     *
     * @throws IllegalArgumentException naming the offending word when the line is not a command.
     */
    public static Command parse(final String line, final Command command)
    {
        command.reset();
        final String[] words = line.trim().split("\\s+");
        try
        {
            command.type(CommandType.valueOf(words[0]));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("unknown command type '" + words[0] + "' in: " + line, ex);
        }
        for (int i = 1; i < words.length; i++)
        {
            final String word = words[i];
            if (word.equals("postOnly"))
            {
                command.postOnly(true);
                continue;
            }
            final int equals = word.indexOf('=');
            final BiConsumer<Command, String> field = equals < 0 ? null : FIELDS.get(word.substring(0, equals));
            if (field == null)
            {
                throw new IllegalArgumentException("unknown field '" + word + "' in: " + line);
            }
            try
            {
                field.accept(command, word.substring(equals + 1));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("bad value in '" + word + "' in: " + line, ex);
            }
        }
        return command;
    }
}
