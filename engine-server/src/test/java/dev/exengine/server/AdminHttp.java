package dev.exengine.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** Requests to a node's admin endpoint, as a probe or a Prometheus server would send them. */
final class AdminHttp
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** An answer: its status, content type and body. */
    record Answer(int status, String contentType, String body)
    {
    }

    private AdminHttp()
    {
    }

    static URI uri(final InetSocketAddress admin, final String path)
    {
        return URI.create("http://127.0.0.1:" + admin.getPort() + path);
    }

    static Answer get(final InetSocketAddress admin, final String path)
    {
        return send(HttpRequest.newBuilder(uri(admin, path)).timeout(TIMEOUT).GET().build());
    }

    static Answer post(final InetSocketAddress admin, final String path)
    {
        return send(HttpRequest.newBuilder(uri(admin, path)).timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString("x")).build());
    }

    /** Asks again until the answer is as expected; fails, with the last answer, after a generous deadline. */
    static Answer getUntil(final InetSocketAddress admin, final String path, final Predicate<Answer> expected)
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        Answer answer = get(admin, path);
        while (!expected.test(answer))
        {
            if (System.nanoTime() > deadline)
            {
                fail("GET " + path + " never answered as expected; last: " + answer);
            }
            // Asked again shortly: a scrape a few times a second, not a spin.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            answer = get(admin, path);
        }
        return answer;
    }

    private static Answer send(final HttpRequest request)
    {
        try
        {
            final HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
