package dev.exengine.server.monitoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin HTTP endpoint, on the JDK's own HTTP server and threads of its own ({@code exengine-admin-http-N}), never
 * the engine's or the gateway's:
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the node is alive, 503 otherwise;</li>
 *   <li>{@code GET /health/ready}: 200 while it is ready, 503 otherwise; both with the {@link HealthJson} body;</li>
 *   <li>{@code GET /metrics}: the Prometheus text format ({@link PrometheusExport}).</li>
 * </ul>
 * Anything else is 404, a method other than GET or HEAD 405. Bound when built, so that a port in use stops the node's
 * start before anything else; served from {@link #start}; closed with the node.
 */
final class AdminServer implements AutoCloseable
{
    /** Two threads: a slow scrape does not hold up a probe. */
    private static final int THREADS = 2;
    private static final String TEXT = "text/plain; charset=utf-8";

    static
    {
        // The JDK server waits for ever, by default, for a request that never completes; bound it (in seconds), as the
        // Prometheus client's own server does, unless the operator set it.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null)
        {
            System.setProperty("sun.net.httpserver.maxReqTime", "30");
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null)
        {
            System.setProperty("sun.net.httpserver.maxRspTime", "60");
        }
    }

    private final HttpServer server;
    private ExecutorService executor;

    private AdminServer(final HttpServer server)
    {
        this.server = server;
    }

    /**
     * @throws UncheckedIOException naming the address, the key and the operating system's reason when it cannot be
     *                              bound.
     */
    static AdminServer bind(final InetSocketAddress address)
    {
        try
        {
            return new AdminServer(HttpServer.create(address, 16));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot listen on the admin address " + address.getHostString() + ":" +
                address.getPort() + " (admin.listen): " + ex.getMessage(), ex);
        }
    }

    /** The bound address (with the actual port when port 0 was asked for). */
    InetSocketAddress address()
    {
        return server.getAddress();
    }

    void start(final NodeHealth health, final PrometheusExport metrics)
    {
        final AtomicInteger count = new AtomicInteger();
        executor = Executors.newFixedThreadPool(THREADS, runnable ->
        {
            final Thread thread = new Thread(runnable, "exengine-admin-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/health/live", exchange -> serve(exchange, () -> health(exchange, health.check(), true)));
        server.createContext("/health/ready",
            exchange -> serve(exchange, () -> health(exchange, health.check(), false)));
        server.createContext("/metrics", exchange -> serve(exchange, () -> metrics(exchange, metrics)));
        server.createContext("/", exchange -> serve(exchange, () -> respond(exchange, 404, TEXT,
            bytes("not found: the admin endpoint serves /health/live, /health/ready and /metrics\n"))));
        server.start();
    }

    @Override
    public void close()
    {
        server.stop(0);
        if (executor != null)
        {
            executor.shutdownNow();
            try
            {
                if (!executor.awaitTermination(10, TimeUnit.SECONDS))
                {
                    throw new IllegalStateException("the admin endpoint's threads did not stop within 10 s");
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What answers one request. */
    private interface Response
    {
        void send() throws IOException;
    }

    /** Answers a request; a failure is answered 500 with what failed, and the exchange always closed. */
    private static void serve(final HttpExchange exchange, final Response response) throws IOException
    {
        try
        {
            final String method = exchange.getRequestMethod();
            if ("GET".equals(method) || "HEAD".equals(method))
            {
                response.send();
            }
            else
            {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, TEXT, bytes("method " + method + " not allowed\n"));
            }
        }
        catch (final RuntimeException ex)
        {
            respond(exchange, 500, TEXT, bytes("failed: " + ex + "\n"));
        }
        finally
        {
            exchange.close();
        }
    }

    private static void health(final HttpExchange exchange, final HealthReport report, final boolean liveness)
        throws IOException
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream(512);
        HealthJson.write(report, body);
        respond(exchange, (liveness ? report.live() : report.ready()) ? 200 : 503, "application/json",
            body.toByteArray());
    }

    private static void metrics(final HttpExchange exchange, final PrometheusExport metrics) throws IOException
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream(32 * 1024);
        metrics.write(body);
        respond(exchange, 200, metrics.contentType(), body.toByteArray());
    }

    private static void respond(final HttpExchange exchange, final int status, final String contentType,
        final byte[] body) throws IOException
    {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if ("HEAD".equals(exchange.getRequestMethod()))
        {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(body);
        }
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
