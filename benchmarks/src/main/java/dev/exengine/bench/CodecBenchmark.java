package dev.exengine.bench;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.protocol.codec.ClientDecoder;
import dev.exengine.protocol.codec.ClientEncoder;
import dev.exengine.protocol.codec.DecodeResult;
import dev.exengine.protocol.codec.InboundDecoder;
import dev.exengine.protocol.codec.OutboundEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * SBE encode and decode of the hot messages, each on both sides of the wire: NewOrder (client encodes, gateway
 * decodes into a Command), OrderAccepted and Trade (gateway encodes from an Event, client decodes into an Event).
 * Every codec is allocated once; {@code -prof gc} shows the per-message allocation (0 is the contract).
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class CodecBenchmark extends BenchmarkJvm
{
    private static final long MAKER_ACCOUNT = 7;

    private final UnsafeBuffer newOrderBytes = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final UnsafeBuffer acceptedBytes = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final UnsafeBuffer tradeBytes = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final ClientEncoder clientEncoder = new ClientEncoder();
    private final ClientDecoder clientDecoder = new ClientDecoder();
    private final InboundDecoder inboundDecoder = new InboundDecoder();
    private final OutboundEncoder outboundEncoder = new OutboundEncoder();
    private final Command command = new Command();
    private final Event accepted = new Event();
    private final Event trade = new Event();
    private final Event decoded = new Event();
    private int newOrderLength;
    private int acceptedLength;
    private int tradeLength;

    @Setup
    public void encodeSamples()
    {
        newOrderLength = clientEncoder.newOrder(newOrderBytes, 0, 7, 123_456_789L, 1, Side.BUY, OrderType.LIMIT,
            TimeInForce.GTC, false, 6_500_000, 20_000_000);
        accepted.type(EventType.ORDER_ACCEPTED).sequence(1_000).timestamp(1_795_000_000_000_000_000L)
            .accountId(MAKER_ACCOUNT).orderId(55).clientOrderId(123_456_789L).instrumentId(1).side(Side.BUY)
            .orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).price(6_500_000).quantity(20_000_000)
            .remainingQuantity(20_000_000);
        acceptedLength = outboundEncoder.encode(accepted, MAKER_ACCOUNT, acceptedBytes, 0);
        trade.type(EventType.TRADE).sequence(1_001).timestamp(1_795_000_000_000_000_001L).instrumentId(1)
            .side(Side.SELL).price(6_500_000).quantity(10_000_000).tradeId(9).makerAccountId(MAKER_ACCOUNT)
            .makerOrderId(55).makerClientOrderId(123_456_789L).makerRemainingQuantity(10_000_000).makerFee(6_500)
            .takerAccountId(8).takerOrderId(56).takerClientOrderId(4).takerRemainingQuantity(0).takerFee(32_500);
        tradeLength = outboundEncoder.encode(trade, MAKER_ACCOUNT, tradeBytes, 0);
    }

    @Benchmark
    public int clientEncodeNewOrder()
    {
        return clientEncoder.newOrder(scratch, 0, 7, 123_456_789L, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
            false, 6_500_000, 20_000_000);
    }

    @Benchmark
    public DecodeResult gatewayDecodeNewOrder()
    {
        return inboundDecoder.decode(newOrderBytes, 0, newOrderLength, command);
    }

    @Benchmark
    public int gatewayEncodeOrderAccepted()
    {
        return outboundEncoder.encode(accepted, MAKER_ACCOUNT, scratch, 0);
    }

    @Benchmark
    public DecodeResult clientDecodeOrderAccepted()
    {
        return clientDecoder.decode(acceptedBytes, 0, acceptedLength, decoded);
    }

    @Benchmark
    public int gatewayEncodeTrade()
    {
        return outboundEncoder.encode(trade, MAKER_ACCOUNT, scratch, 0);
    }

    @Benchmark
    public DecodeResult clientDecodeTrade()
    {
        return clientDecoder.decode(tradeBytes, 0, tradeLength, decoded);
    }
}
