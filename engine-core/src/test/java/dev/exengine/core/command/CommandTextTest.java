package dev.exengine.core.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandTextTest
{
    @Test
    void shouldReadBackWhatACommandPrints()
    {
        final List<Command> commands = List.of(
            new Command().type(CommandType.ADD_ASSET).assetId(1).scale(4),
            new Command().type(CommandType.ADD_INSTRUMENT).instrumentId(7).baseAssetId(2).quoteAssetId(1).tickSize(100)
                .lotSize(1_000).tickValue(10).minQuantity(1_000).maxQuantity(1_000_000).makerFeePpm(100)
                .takerFeePpm(500).feeAccountId(100),
            new Command().type(CommandType.NEW_ORDER).accountId(3).instrumentId(7).clientOrderId(99).side(Side.SELL)
                .orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).postOnly(true).price(-5).quantity(2_000),
            new Command().type(CommandType.TRANSFER).accountId(3).targetAccountId(4).assetId(1).amount(10)
                .transferId(Long.MAX_VALUE),
            new Command().type(CommandType.QUERY_DEPTH).instrumentId(7).requestId(12).levels(5));
        for (final Command command : commands)
        {
            assertEquals(command.toString(), CommandText.parse(command.toString(), new Command()).toString());
        }
    }

    @Test
    void shouldNameTheWordItCannotRead()
    {
        final Command command = new Command();
        final IllegalArgumentException type =
            assertThrows(IllegalArgumentException.class, () -> CommandText.parse("BUY accountId=1", command));
        assertTrue(type.getMessage().contains("'BUY'"), type.getMessage());
        final IllegalArgumentException field =
            assertThrows(IllegalArgumentException.class, () -> CommandText.parse("DEPOSIT acount=1", command));
        assertTrue(field.getMessage().contains("'acount=1'"), field.getMessage());
        final IllegalArgumentException value =
            assertThrows(IllegalArgumentException.class, () -> CommandText.parse("DEPOSIT amount=1x", command));
        assertTrue(value.getMessage().contains("'amount=1x'"), value.getMessage());
    }
}
