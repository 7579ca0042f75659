package dev.exengine.server.monitoring;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The body of {@code /health/live} and {@code /health/ready}: the node's {@link HealthReport} as one JSON object,
 * written with jackson-core's streaming generator.
 * <pre>
 * {"status":"not_ready","live":true,"ready":false,"phase":"RUNNING","role":"STANDBY","epoch":2,
 *  "journalSequence":81234,"replication":{"following":true,"lagRecords":120,"lagSeconds":0.8,"detail":"following ..."},
 *  "sessions":{"connections":0,"loggedIn":0},
 *  "reasons":[{"problem":"STANDBY_LAGGING","message":"..."}]}
 * {"status":"ready","live":true,"ready":true,"phase":"RUNNING","role":"FOLLOWER","epoch":null,"journalSequence":5121,
 *  "cluster":{"memberId":1,"role":"FOLLOWER","leaderMemberId":0,"leadershipTermId":3,"commitPosition":1083712,
 *             "elections":2,"electionState":"CLOSED"},
 *  "sessions":{"connections":1,"loggedIn":1},"reasons":[]}
 * </pre>
 * {@code status} is {@code ready}, {@code not_ready} (alive) or {@code not_live}; {@code epoch} is null and
 * {@code replication} absent when the node does not replicate; {@code cluster} is there for a cluster member only (its
 * leader -1 during an election); {@code reasons} is empty when it is ready.
 */
final class HealthJson
{
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private HealthJson()
    {
    }

    static void write(final HealthReport report, final OutputStream out) throws IOException
    {
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8))
        {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.writeStartObject();
            json.writeStringField("status", report.ready() ? "ready" : report.live() ? "not_ready" : "not_live");
            json.writeBooleanField("live", report.live());
            json.writeBooleanField("ready", report.ready());
            json.writeStringField("phase", report.phase());
            json.writeStringField("role", report.role());
            final ReplicationStatus replication = report.replication();
            if (replication == null)
            {
                json.writeNullField("epoch");
            }
            else
            {
                json.writeNumberField("epoch", replication.epoch());
            }
            json.writeNumberField("journalSequence", report.journalSequence());
            if (replication != null)
            {
                json.writeObjectFieldStart("replication");
                json.writeBooleanField("following", replication.following());
                json.writeNumberField("lagRecords", replication.lagRecords());
                json.writeNumberField("lagSeconds", replication.lagNanos() / 1e9);
                json.writeStringField("detail", replication.detail());
                json.writeEndObject();
            }
            final ClusterStatus cluster = report.cluster();
            if (cluster != null)
            {
                json.writeObjectFieldStart("cluster");
                json.writeNumberField("memberId", cluster.memberId());
                json.writeStringField("role", cluster.role());
                json.writeNumberField("leaderMemberId", cluster.hasLeader() ? cluster.leaderMemberId() : -1);
                json.writeNumberField("leadershipTermId", cluster.leadershipTermId());
                json.writeNumberField("commitPosition", cluster.commitPosition());
                json.writeNumberField("elections", cluster.elections());
                json.writeStringField("electionState", cluster.electionState());
                json.writeEndObject();
            }
            json.writeObjectFieldStart("sessions");
            json.writeNumberField("connections", report.connections());
            json.writeNumberField("loggedIn", report.loggedIn());
            json.writeEndObject();
            json.writeArrayFieldStart("reasons");
            for (final HealthReport.Finding finding : report.findings())
            {
                json.writeStartObject();
                json.writeStringField("problem", finding.problem().name());
                json.writeStringField("message", finding.message());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.write('\n');
    }
}
