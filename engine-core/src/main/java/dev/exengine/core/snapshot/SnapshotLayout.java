package dev.exengine.core.snapshot;

import java.nio.ByteOrder;

/**
 * The snapshot format. Header: magic (int), format version (int), body length (int). Body, little-endian:
 * <pre>
 * nextOrderId, nextTradeId (long)
 * assetCount (int); per asset: id, scale (int), deposited, withdrawn (long)
 * accountCount (int); per account: id (long), suspended (byte); per asset in creation order: touched (byte),
 *     available, held (long); transferCount (int); per transfer in append order: transferId, targetAccountId
 *     (long), assetId (int), amount (long), rejectReason code (byte);
 *     version 2 only: depositCount (int), per deposit with a movement id in append order: movementId (long),
 *     assetId (int), amount (long), rejectReason code (byte); then withdrawalCount (int) and the withdrawals alike
 * instrumentCount (int); per instrument: id, baseAssetId, quoteAssetId (int), tickSize, lotSize, tickValue,
 *     minQuantity, maxQuantity (long), makerFeePpm, takerFeePpm (int), feeAccountId (long), halted (byte);
 *     then bids, then asks: orderCount (int); per order, best level first, oldest first: orderId, accountId,
 *     clientOrderId (long), orderType, timeInForce, postOnly (byte), price, quantity, remaining, held (long)
 * </pre>
 * A state is written in the oldest version that holds it: one without a deposit or withdrawal carrying a movement id
 * in version 1, byte for byte as before version 2 existed. So the state hash, which is over these bytes, of every
 * state that can be reached without movement ids is what it was: a journal written before replays to the hashes it
 * had, and a snapshot written before restores to the hash it records (and is read by the versions before, too).
 */
public final class SnapshotLayout
{
    /** "EXSN" in ASCII. */
    public static final int MAGIC = 0x4E535845;
    /** The newest version: 2 added the per-account deposits and withdrawals with a movement id. */
    public static final int VERSION = 2;
    /** The version of a state without movement ids. */
    public static final int VERSION_WITHOUT_MOVEMENT_IDS = 1;
    public static final int HEADER_LENGTH = 12;
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private SnapshotLayout()
    {
    }
}
