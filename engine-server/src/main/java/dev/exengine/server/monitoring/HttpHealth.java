package dev.exengine.server.monitoring;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/engine health --url URL}: asks a node's admin endpoint. The status code decides (200 ready, or alive
 * with {@code --live}; 503 not); the JSON body ({@link HealthJson}) says the role, the journal sequence, the sessions
 * and why not.
 */
public final class HttpHealth
{
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private HttpHealth()
    {
    }

    /**
     * @param url      the admin endpoint, {@code http://HOST:PORT} (then {@code /health/ready}, or {@code /health/live}
     *                 with {@code liveness}, is asked), or the full URL of a health check.
     * @param liveness whether to ask if it is alive rather than ready.
     * @param timeout  for the connection and the answer each.
     * @throws IllegalArgumentException when the URL is not an http(s) URL.
     */
    public static HealthVerdict probe(final String url, final boolean liveness, final Duration timeout)
        throws InterruptedException
    {
        final URI uri = endpoint(url, liveness);
        final HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        final HttpResponse<byte[]> response;
        try
        {
            response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (final ConnectException ex)
        {
            return HealthVerdict.unknown("nothing answers at " + uri + " (" + describe(ex) + "): the node is not " +
                "running, or its admin endpoint is elsewhere or off (admin.listen)");
        }
        catch (final HttpTimeoutException ex)
        {
            return new HealthVerdict(HealthVerdict.NOT_READY, List.of("not live: " + uri + " did not answer within " +
                timeout.toMillis() + " ms"));
        }
        catch (final IOException ex)
        {
            return HealthVerdict.unknown("cannot ask " + uri + ": " + describe(ex));
        }
        final int status = response.statusCode();
        if (status != 200 && status != 503)
        {
            return HealthVerdict.unknown(uri + " answered HTTP " + status + ", not a health check's 200 or 503");
        }
        try
        {
            return verdict(status == 200, response.body());
        }
        catch (final IOException | RuntimeException ex)
        {
            return HealthVerdict.unknown(uri + " answered HTTP " + status + " with a body that does not read as a " +
                "health check's: " + ex.getMessage());
        }
    }

    static URI endpoint(final String url, final boolean liveness)
    {
        final URI uri;
        try
        {
            uri = URI.create(url);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--url '" + url + "' is not a URL: " + ex.getMessage(), ex);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) ||
            uri.getHost() == null)
        {
            throw new IllegalArgumentException("--url '" + url + "' is not an http URL such as http://127.0.0.1:9402");
        }
        final String path = uri.getRawPath();
        return path == null || path.isEmpty() || path.equals("/") ?
            uri.resolve(liveness ? "/health/live" : "/health/ready") : uri;
    }

    /** Reads the body {@link HealthJson} writes: the verdict, a summary line, one line per reason. */
    private static HealthVerdict verdict(final boolean passed, final byte[] body) throws IOException
    {
        final Map<String, Object> fields = new HashMap<>();
        final List<String> reasons = new ArrayList<>();
        try (JsonParser json = JSON.createParser(body))
        {
            if (json.nextToken() != JsonToken.START_OBJECT)
            {
                throw new IOException("not a JSON object");
            }
            readObject(json, "", fields, reasons);
        }
        final List<String> lines = new ArrayList<>();
        lines.add(String.valueOf(fields.getOrDefault("status", passed ? "ready" : "not_ready")).replace('_', ' '));
        final String replication = fields.containsKey("replication.following") ? String.format(Locale.ROOT,
            ", epoch %s, %s, lag %s records / %s s", fields.get("epoch"),
            Boolean.TRUE.equals(fields.get("replication.following")) ? "following" : "not following",
            fields.get("replication.lagRecords"), fields.get("replication.lagSeconds")) : "";
        lines.add(String.format(Locale.ROOT, "%s%s, journal sequence %s, %s connections, %s logged in",
            fields.get("role"), replication, fields.get("journalSequence"), fields.get("sessions.connections"),
            fields.get("sessions.loggedIn")));
        lines.addAll(reasons);
        return new HealthVerdict(passed ? HealthVerdict.READY : HealthVerdict.NOT_READY, lines);
    }

    /** Collects an object's scalar fields by dotted name, and each reason as {@code PROBLEM: message}. */
    private static void readObject(
        final JsonParser json, final String prefix, final Map<String, Object> fields, final List<String> reasons)
        throws IOException
    {
        while (json.nextToken() == JsonToken.FIELD_NAME)
        {
            final String name = prefix + json.currentName();
            final JsonToken value = json.nextToken();
            if (value == JsonToken.START_OBJECT)
            {
                readObject(json, name + ".", fields, reasons);
            }
            else if (value == JsonToken.START_ARRAY && name.equals("reasons"))
            {
                while (json.nextToken() == JsonToken.START_OBJECT)
                {
                    final Map<String, Object> reason = new HashMap<>();
                    readObject(json, "", reason, reasons);
                    reasons.add(reason.get("problem") + ": " + reason.get("message"));
                }
            }
            else if (value == JsonToken.START_ARRAY)
            {
                json.skipChildren();
            }
            else
            {
                fields.put(name, value == JsonToken.VALUE_TRUE ? Boolean.TRUE : value == JsonToken.VALUE_FALSE ?
                    Boolean.FALSE : json.getText());
            }
        }
    }

    private static String describe(final IOException ex)
    {
        return ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
    }
}
