package dev.exengine.bench;

import dev.exengine.bench.e2e.EchoServer;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * The floor a hop over loopback costs on this machine, measured in the same run as what it is compared with: a raw
 * TCP ping-pong of a frame of the given size against an {@link EchoServer}, paced at the rate (at most 20,000/s).
 */
final class TcpFloor
{
    private TcpFloor()
    {
    }

    static Histogram roundTrip(final int samples, final int rate, final int frameBytes) throws IOException
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final byte[] frame = new byte[frameBytes];
        final long interval = TimeUnit.SECONDS.toNanos(1) / Math.min(rate, 20_000);
        try (EchoServer echo = new EchoServer(); Socket socket = new Socket())
        {
            socket.connect(echo.address());
            socket.setTcpNoDelay(true);
            final OutputStream out = socket.getOutputStream();
            final InputStream in = socket.getInputStream();
            long next = System.nanoTime();
            for (int i = 0; i < samples; i++)
            {
                while (System.nanoTime() < next)
                {
                    Thread.onSpinWait();
                }
                next += interval;
                final long start = System.nanoTime();
                out.write(frame);
                int read = 0;
                while (read < frame.length)
                {
                    final int n = in.read(frame, read, frame.length - read);
                    if (n < 0)
                    {
                        throw new IOException("the echo server closed the connection");
                    }
                    read += n;
                }
                histogram.recordValue(System.nanoTime() - start);
            }
        }
        print("raw TCP round trip over loopback, " + frameBytes + "-byte frame", histogram);
        return histogram;
    }

    static void print(final String what, final Histogram histogram)
    {
        System.out.printf("%s, us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n", what,
            histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(90) / 1e3,
            histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3,
            histogram.getMaxValue() / 1e3);
    }
}
