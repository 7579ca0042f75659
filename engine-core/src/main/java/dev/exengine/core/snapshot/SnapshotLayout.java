package dev.exengine.core.snapshot;

import java.nio.ByteOrder;

/**
 * The snapshot format. Header: magic (int), format version (int), body length (int). Body, little-endian:
 * <pre>
 * nextOrderId, nextTradeId (long)
 * assetCount (int); per asset: id, scale (int), deposited, withdrawn (long)
 * accountCount (int); per account: id (long), suspended (byte); per asset in creation order: touched (byte),
 *     available, held (long); transferCount (int); per transfer in append order: transferId, targetAccountId
 *     (long), assetId (int), amount (long), rejectReason code (byte)
 * instrumentCount (int); per instrument: id, baseAssetId, quoteAssetId (int), tickSize, lotSize, tickValue,
 *     minQuantity, maxQuantity (long), makerFeePpm, takerFeePpm (int), feeAccountId (long), halted (byte);
 *     then bids, then asks: orderCount (int); per order, best level first, oldest first: orderId, accountId,
 *     clientOrderId (long), orderType, timeInForce, postOnly (byte), price, quantity, remaining, held (long)
 * </pre>
 */
public final class SnapshotLayout
{
    /** "EXSN" in ASCII. */
    public static final int MAGIC = 0x4E535845;
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 12;
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private SnapshotLayout()
    {
    }
}
