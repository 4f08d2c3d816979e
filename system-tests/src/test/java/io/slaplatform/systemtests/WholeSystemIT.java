package io.slaplatform.systemtests;

import io.slaplatform.events.Topics;
import io.slaplatform.localstack.ServiceProcess;
import io.slaplatform.testkit.AsyncApiContract;
import io.slaplatform.testkit.EmbeddedKafka;
import io.slaplatform.testkit.EmbeddedSmtp;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.PostgresSchemas;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.TraceParents;
import io.restassured.specification.RequestSpecification;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The whole chain as a customer and a support lead live it: the four packaged services as processes of their
 * own, the in-JVM Kafka broker, the machine's PostgreSQL and an in-JVM SMTP server, with customers in Iceland
 * served on a 24x7 test calendar whose targets are seconds (CRITICAL 10 s, MAJOR 12 s; warnings at 75%).
 *
 * <p>A license with Enterprise support gets its welcome mail; a lead subscribes; an unanswered request gets its
 * acknowledgement, then the lead's warning and breach mails, each once and in that order; a request answered in
 * time gets no breach mail; an ineligible request gets a rejection mail and no clock. A customer reply after the
 * add-on was cancelled opens a cycle without a guaranteed response time, and the contact is told.
 */
class WholeSystemIT {

    private static final String LEAD = "lead@vendor.example";
    private static final Duration MAIL_WAIT = Duration.ofSeconds(60);

    private static EmbeddedKafka kafka;
    private static EmbeddedSmtp smtp;
    private static EventLog events;
    private static PackagedServices services;
    private static ServiceProcess intake;
    private static ServiceProcess eligibility;
    private static ServiceProcess slaClock;
    private static ServiceProcess notifier;
    private static String apiKey;
    private static String notifierSchema;

    @BeforeAll
    static void startSystem() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Topics.ALL, 3);
        smtp = EmbeddedSmtp.start(PackagedServices.freePort());
        events = EventLog.of(kafka.bootstrapServers(), Topics.ALL);
        services = new PackagedServices(kafka.bootstrapServers());
        intake = services.launch("intake-service", "whole-intake", services.newSchema(), List.of());
        eligibility = services.launch("eligibility-service", "whole-eligibility", services.newSchema(), List.of());
        slaClock = services.launch("sla-clock-service", "whole-sla-clock", services.newSchema(), PackagedServices.with(
                PackagedServices.SLA_CLOCK_24X7,
                // long enough that the acknowledgement's hops (intake, eligibility, sla-clock, notifier) finish
                // before the warning falls, on a loaded two-core CI machine too
                "-Dsla.targets.CRITICAL=PT10S",
                "-Dsla.targets.MAJOR=PT12S",
                "-Dsla.targets.MODERATE=PT14S",
                "-Dsla.targets.LIMITED=PT16S",
                "-Dsla.timer-poll-interval=50ms"));
        notifierSchema = services.newSchema();
        notifier = services.launch("notifier-service", "whole-notifier", notifierSchema, PackagedServices.with(
                PackagedServices.NOTIFIER_24X7,
                "-Dquarkus.mailer.host=" + smtp.host(),
                "-Dquarkus.mailer.port=" + smtp.port(),
                "-Dnotifier.sender.poll-interval=100ms",
                "-Dnotifier.support.phone=+354 555 0100"));
        for (ServiceProcess service : List.of(intake, eligibility, slaClock, notifier)) {
            service.awaitReady(PackagedServices.READY_TIMEOUT);
        }
        services.awaitConsumerGroup("intake-service", List.of(Topics.SUPPORT_ELIGIBILITY), 3);
        services.awaitConsumerGroup("eligibility-service", List.of(Topics.SUPPORT_REQUESTS), 3);
        services.awaitConsumerGroup("sla-clock-service", List.of(Topics.SUPPORT_REQUESTS, Topics.SUPPORT_ELIGIBILITY),
                3);
        services.awaitConsumerGroup("notifier-service", List.of(Topics.SUPPORT_REQUESTS, Topics.SUPPORT_ELIGIBILITY,
                Topics.SUPPORT_LICENSES, Topics.SLA_CLOCK, Topics.SLA_DEADLINE_APPROACHING, Topics.SLA_BREACHED), 3);
        apiKey = services.createApiKey(intake, "whole-system-form");
    }

    @AfterAll
    static void stopSystem() {
        PackagedServices.closeAll(services, events, smtp, kafka);
    }

    @Test
    void requestsLeadToTheRightMailsOnTimeAndOnce() throws MessagingException {
        // A license holder in Iceland gets Enterprise support: the welcome mail with the support phone number.
        String licenseEmail = "ops-" + UUID.randomUUID() + "@customer.is";
        services.registerEnterpriseLicense(eligibility, licenseEmail, "IS");
        MimeMessage welcome = awaitMail(licenseEmail, "Your Enterprise support");
        assertThat(text(welcome)).contains("+354 555 0100");

        // A support lead subscribes to warnings and breaches.
        services.as(notifier, PackagedServices.LEAD).body(Map.of("email", LEAD, "eventTypes", List.of("DeadlineApproaching", "Breached")))
                .when().post("/subscriptions").then().statusCode(201);

        // Unanswered CRITICAL request: acknowledgement, then warning, then breach mail, each once.
        String unanswered = "Renders stall " + UUID.randomUUID();
        String contact = "anna-" + UUID.randomUUID() + "@customer.is";
        String traceParent = TraceParents.random(); // the form backend's trace: it follows the request to the mails
        String id = submit(licenseEmail, contact, "CRITICAL", unanswered, traceParent);
        MimeMessage ack = awaitMail(contact, "Support request accepted");
        ReceivedEvent started = events.await(id, "ClockStarted", Duration.ofSeconds(30));
        String deadline = started.json().path("deadline").asText();
        // on the UTC test calendar the local deadline reads the same hour and minute as the UTC one
        assertThat(text(ack)).contains(unanswered).contains(deadline.substring(11, 16));

        MimeMessage warning = awaitMail(LEAD, "[SLA warning");
        MimeMessage breach = awaitMail(LEAD, "[SLA breached]");
        assertThat(warning.getSubject()).contains(unanswered);
        assertThat(breach.getSubject()).contains(unanswered);
        assertThat(text(breach)).contains(id);
        List<MimeMessage> received = smtp.messages(); // in the order the SMTP server received them
        assertThat(received.indexOf(ack)).isLessThan(received.indexOf(warning));
        assertThat(received.indexOf(warning)).isLessThan(received.indexOf(breach));

        // A MAJOR request answered at once: acknowledgement, and no mail to the lead.
        String answered = "License server question " + UUID.randomUUID();
        String answeredContact = "ben-" + UUID.randomUUID() + "@customer.is";
        String answeredId = submit(licenseEmail, answeredContact, "MAJOR", answered);
        awaitMail(answeredContact, "Support request accepted");
        services.as(intake, PackagedServices.AGENT).body(Map.of("kind", "ACTION_PLAN", "text", "Restart the license server, then ..."))
                .when().post("/requests/" + answeredId + "/responses").then().statusCode(201);
        events.await(answeredId, "ResponseDeadlineMet", Duration.ofSeconds(30));

        // An ineligible request: the rejection mail and no clock.
        String ineligible = "Crash on start " + UUID.randomUUID();
        String strangerContact = "carl-" + UUID.randomUUID() + "@elsewhere.is";
        String rejectedId = submit("nobody-" + UUID.randomUUID() + "@elsewhere.is", strangerContact, "CRITICAL",
                ineligible);
        MimeMessage rejection = awaitMail(strangerContact, "without guaranteed response time");
        assertThat(text(rejection)).contains(rejectedId);

        // Past the answered request's deadline (12 s) and the rejected one's would-be deadline (10 s): nothing more.
        PackagedServices.sleepUntil(Instant.parse(events.await(answeredId, "ClockStarted", Duration.ofSeconds(5)).json()
                .path("deadline").asText()).plusSeconds(3));
        assertThat(smtp.messagesTo(LEAD)).extracting(EmbeddedSmtp::subject)
                .as("the lead hears of the unanswered request only, once per event")
                .containsExactlyInAnyOrder(warning.getSubject(), breach.getSubject());
        assertThat(smtp.messagesTo(licenseEmail)).hasSize(1);
        assertThat(smtp.messagesTo(contact)).hasSize(1);
        assertThat(smtp.messagesTo(answeredContact)).hasSize(1);
        assertThat(smtp.messagesTo(strangerContact)).hasSize(1);
        assertThat(events.forKey(rejectedId)).extracting(ReceivedEvent::type)
                .containsExactly("RequestSubmitted", "RequestRejected");
        assertThat(events.forKey(answeredId)).extracting(ReceivedEvent::type).doesNotContain("Breached");
        AsyncApiContract.load().assertConforms(events.all());

        // One trace from the form post through every service to the e-mails, timer-fired events included.
        String traceId = TraceParents.traceId(traceParent);
        assertThat(events.forKey(id)).extracting(ReceivedEvent::type).contains("RequestSubmitted", "RequestAccepted",
                "ClockStarted", "DeadlineApproaching", "Breached");
        assertThat(events.forKey(id)).allSatisfy(event -> assertThat(TraceParents.traceId(event.traceParent()))
                .as("trace of %s", event.type()).isEqualTo(traceId));
        assertThat(mailTraceParents(id)).hasSize(3) // acknowledgement, warning, breach
                .allSatisfy(mailTrace -> assertThat(TraceParents.traceId(mailTrace)).isEqualTo(traceId));
        assertThat(TraceParents.traceId(events.forKey(answeredId).get(0).traceParent())).isNotEqualTo(traceId);
    }

    @Test
    void aReplyAfterTheAddOnWasCancelledIsAnsweredWithoutGuaranteeAndTheContactIsTold() throws MessagingException {
        String licenseEmail = "ops-" + UUID.randomUUID() + "@customer.is";
        String license = services.registerEnterpriseLicense(eligibility, licenseEmail, "IS");
        String contact = "dora-" + UUID.randomUUID() + "@customer.is";
        String id = submit(licenseEmail, contact, "MAJOR", "Point cloud export " + UUID.randomUUID());
        awaitMail(contact, "Support request accepted");
        respond(id);
        events.await(id, "ResponseDeadlineMet", Duration.ofSeconds(30));

        // The add-on is cancelled; then the customer replies: eligibility decides the reply at its instant.
        services.as(eligibility, PackagedServices.ADMIN).when().delete("/licenses/" + license + "/enterprise-support")
                .then().statusCode(200);
        services.as(intake, PackagedServices.AGENT).body(Map.of("text", "It fails again since this morning."))
                .when().post("/requests/" + id + "/customer-replies").then().statusCode(201);
        assertThat(events.await(id, "ReplyNotCovered", Duration.ofSeconds(30)).json().path("reason").asText())
                .isEqualTo("NO_ENTERPRISE_SUPPORT");
        ReceivedEvent started = events.await(id, "UnguaranteedCycleStarted", Duration.ofSeconds(30));
        assertThat(started.json().path("cycle").asInt()).isEqualTo(2);
        MimeMessage told = awaitMail(contact, "Your reply, without guaranteed response time");
        assertThat(text(told)).contains(id).contains("no active Enterprise support add-on when you replied");
        services.as(slaClock, PackagedServices.AGENT).when().get("/sla/" + id).then().statusCode(200)
                .body("current.cycle", equalTo(2))
                .body("current.state", equalTo("UNGUARANTEED"));

        respond(id);
        events.await(id, "UnguaranteedCycleAnswered", Duration.ofSeconds(30));
        events.awaitCaughtUp(Duration.ofSeconds(30));
        assertThat(events.forKey(id)).extracting(ReceivedEvent::type).filteredOn(type -> type.startsWith("Clock"))
                .as("one guaranteed cycle").containsExactly("ClockStarted");
        assertThat(smtp.messagesTo(contact)).hasSize(2); // the acknowledgement, and the notice of the reply
        AsyncApiContract.load().assertConforms(events.forKey(id));
    }

    private static void respond(String id) {
        services.as(intake, PackagedServices.AGENT).body(Map.of("kind", "ACTION_PLAN", "text", "Try the new build."))
                .when().post("/requests/" + id + "/responses").then().statusCode(201);
    }

    /** The trace context stored with each mail queued about a request, in the notifier's schema. */
    private static List<String> mailTraceParents(String requestId) {
        try (Connection c = DriverManager.getConnection(PostgresSchemas.url(), PostgresSchemas.user(),
                PostgresSchemas.password());
             PreparedStatement q = c.prepareStatement("SELECT trace_parent FROM " + notifierSchema
                     + ".outgoing_mail WHERE aggregate_id = ? ORDER BY id")) {
            q.setString(1, requestId);
            List<String> traces = new ArrayList<>();
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    traces.add(rows.getString(1));
                }
            }
            return traces;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String submit(String licenseEmail, String contactEmail, String impact, String subject) {
        return submit(licenseEmail, contactEmail, impact, subject, null);
    }

    private static String submit(String licenseEmail, String contactEmail, String impact, String subject,
                                 String traceParent) {
        RequestSpecification post = PackagedServices.at(intake).header("X-API-Key", apiKey);
        if (traceParent != null) {
            post = post.header(TraceParents.HEADER, traceParent);
        }
        return post.body(Map.of(
                        "licenseEmail", licenseEmail,
                        "contactEmail", contactEmail,
                        "impact", impact,
                        "subject", subject,
                        "description", "Since this morning.",
                        "country", "IS"))
                .when().post("/requests").then().statusCode(201).extract().path("id");
    }

    private static MimeMessage awaitMail(String recipient, String subjectPart) {
        return Awaitility.await("mail to " + recipient + " about '" + subjectPart + "'")
                .atMost(MAIL_WAIT.toSeconds(), TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> smtp.messagesTo(recipient).stream()
                                .filter(m -> EmbeddedSmtp.subject(m).contains(subjectPart)).toList(),
                        found -> !found.isEmpty())
                .get(0);
    }



    /** The decoded text of every part of a message, as the recipient's client shows it. */
    private static String text(Part part) {
        try {
            Object content = part.getContent();
            if (content instanceof String text) {
                return text;
            }
            StringBuilder all = new StringBuilder();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    all.append(text(multipart.getBodyPart(i))).append('\n');
                }
            }
            return all.toString();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
