package io.slaplatform.notifier;

import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.slaplatform.events.CloudEventHeaders;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.testkit.EmbeddedSmtp;
import io.slaplatform.testkit.Sql;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.security.TestTokens;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;

import static io.restassured.RestAssured.given;

/**
 * Shared helpers of the notifier tests: events on Kafka, subscriptions over HTTP (as a support lead), the mail API
 * (as an administrator), mails in the SMTP server.
 */
final class NotifierTestSupport {

    static final String PROBLEM_JSON = "application/problem+json";
    static final Duration WAIT = Duration.ofSeconds(30);
    /** How long to wait before asserting that something did not (or only once) happen. */
    static final Duration QUIET = Duration.ofMillis(1500);
    static final Instant SUBMITTED = Instant.parse("2026-11-27T15:00:00Z");
    /**
     * "Now" for the tests written with fixed instants ({@link OnTheTestDay}): Monday 2026-11-30, 09:00 in Zurich,
     * after {@link #SUBMITTED} and before every deadline those tests give.
     */
    static final Instant TEST_NOW = Instant.parse("2026-11-30T08:00:00Z");

    private NotifierTestSupport() {
    }

    /** An address no other test uses. */
    static String unique(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@vendor.example";
    }

    /** Publishes an event as its producer would; returns its ce_id. */
    static String publish(DomainEvent event) {
        ProducerRecord<String, String> record = CloudEventRecords.record(event, UUID.randomUUID(), "/test");
        KafkaTestResource.publish(record);
        return new String(record.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8);
    }

    static RequestSubmitted submitted(UUID requestId, String contact, String subject, String locale, Impact impact) {
        return new RequestSubmitted(requestId, "licensing@customer.example", contact, impact, subject,
                "Every project stops at densification.", "CH", locale, SUBMITTED);
    }

    /** A request as a support lead, who may manage subscriptions ({@code /subscriptions}). */
    static RequestSpecification asLead() {
        return given().auth().oauth2(TestTokens.lead());
    }

    /** A request as an administrator, who may read the mail log and retry parked mails ({@code /mails}). */
    static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.admin());
    }

    /** A valid subscription body. */
    static Map<String, Object> subscription(String email, String... eventTypes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("eventTypes", List.of(eventTypes));
        return body;
    }

    static ValidatableResponse postSubscription(Map<String, Object> body) {
        return asLead().contentType(ContentType.JSON).body(body).when().post("/subscriptions").then();
    }

    static String subscribe(Map<String, Object> body) {
        return postSubscription(body).statusCode(201).extract().path("id");
    }

    static void deleteAllSubscriptions() {
        List<String> ids = asLead().when().get("/subscriptions").then().statusCode(200).extract().path("id");
        ids.forEach(id -> asLead().when().delete("/subscriptions/" + id).then().statusCode(204));
    }

    /** The messages delivered to {@code address} (the SMTP server keeps one copy per recipient). */
    static List<MimeMessage> mailsTo(EmbeddedSmtp smtp, String address) {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : smtp.messages()) {
            if (recipients(message).contains(address.toLowerCase(java.util.Locale.ROOT))) {
                found.add(message);
            }
        }
        return found;
    }

    /** Waits until {@code address} has {@code count} mails, then returns them. */
    static List<MimeMessage> awaitMails(Supplier<EmbeddedSmtp> smtp, String address, int count) {
        return Awaitility.await(count + " mail(s) to " + address).atMost(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .pollInterval(50, TimeUnit.MILLISECONDS)
                .until(() -> mailsTo(smtp.get(), address), mails -> mails.size() >= count);
    }

    /** Waits {@link #QUIET}, then returns every mail to {@code address}: to assert "exactly" or "none". */
    static List<MimeMessage> settle(Supplier<EmbeddedSmtp> smtp, String address) {
        sleep(QUIET);
        return mailsTo(smtp.get(), address);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The addresses in the To header, parsed leniently: a message to an address that a strict parser refuses
     * (which the notifier must never send) is then reported by the test that caused it, not by every later one.
     */
    static List<String> recipients(MimeMessage message) {
        try {
            String to = message.getHeader("To", ",");
            if (to == null) {
                return List.of();
            }
            return Arrays.stream(InternetAddress.parseHeader(to, false))
                    .map(a -> a.getAddress().toLowerCase(java.util.Locale.ROOT)).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded text/plain part. */
    static String text(MimeMessage message) {
        return part(message, "text/plain");
    }

    /** The decoded text/html part. */
    static String html(MimeMessage message) {
        return part(message, "text/html");
    }

    /** Every header line as sent (folded lines joined), e.g. {@code Subject: ...}. */
    static List<String> headerLines(MimeMessage message) {
        try {
            return Collections.list(message.getAllHeaderLines()).stream()
                    .map(line -> line.replaceAll("\r?\n[ \t]", " ")).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(MimeMessage message, String name) {
        try {
            String[] values = message.getHeader(name);
            return values == null ? null : values[0];
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(MimeMessage message, String type) {
        try {
            Object content = message.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    if (part.isMimeType(type)) {
                        return String.valueOf(part.getContent());
                    }
                }
                throw new AssertionError("No " + type + " part");
            }
            if (message.isMimeType(type)) {
                return String.valueOf(content);
            }
            throw new AssertionError("No " + type + " part in " + message.getContentType());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(AgroalDataSource dataSource, String sql, Object... parameters) {
        return Sql.count(dataSource, sql, parameters);
    }

    static int update(AgroalDataSource dataSource, String sql, Object... parameters) {
        return Sql.update(dataSource, sql, parameters);
    }
}
