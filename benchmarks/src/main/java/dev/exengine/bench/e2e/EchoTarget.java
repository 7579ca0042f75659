package dev.exengine.bench.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;

/**
 * A connection to the {@link EchoServer} sending frames of exactly a NewOrder's size on the wire (SoupBinTCP header
 * plus SBE NewOrder), the message number in the payload; the echoed frame is the answer. Non-blocking, polled like
 * the engine client, so both are driven by the same loop.
 */
final class EchoTarget implements LoadTarget
{
    private static final int MESSAGE_OFFSET = 3;

    private final StepRecorder recorder = new StepRecorder();
    private final SocketChannel channel;
    private final int frameBytes;
    private final ByteBuffer send;
    private final ByteBuffer receive = ByteBuffer.allocateDirect(256 * 1024).order(ByteOrder.LITTLE_ENDIAN);

    EchoTarget(final InetSocketAddress address, final int frameBytes) throws IOException
    {
        this.frameBytes = frameBytes;
        this.send = ByteBuffer.allocateDirect(frameBytes).order(ByteOrder.LITTLE_ENDIAN);
        send.order(ByteOrder.BIG_ENDIAN).putShort(0, (short)(frameBytes - 2)).order(ByteOrder.LITTLE_ENDIAN);
        send.put(2, (byte)'U');
        channel = SocketChannel.open(address);
        channel.socket().setTcpNoDelay(true);
        channel.configureBlocking(false);
    }

    @Override
    public StepRecorder recorder()
    {
        return recorder;
    }

    @Override
    public void begin(final Schedule schedule)
    {
        recorder.begin(schedule);
    }

    @Override
    public void send(final long message) throws IOException
    {
        send.clear();
        send.putLong(MESSAGE_OFFSET, message);
        while (send.hasRemaining())
        {
            if (channel.write(send) == 0)
            {
                Thread.onSpinWait();
            }
        }
        recorder.sent++;
    }

    @Override
    public int poll() throws IOException
    {
        final int read = channel.read(receive);
        if (read < 0)
        {
            throw new IOException("echo server closed the connection");
        }
        receive.flip();
        int frames = 0;
        while (receive.remaining() >= frameBytes)
        {
            recorder.answered(receive.getLong(receive.position() + MESSAGE_OFFSET));
            receive.position(receive.position() + frameBytes);
            frames++;
        }
        receive.compact();
        return frames;
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignored)
        {
            // Nothing left to release.
        }
    }
}
