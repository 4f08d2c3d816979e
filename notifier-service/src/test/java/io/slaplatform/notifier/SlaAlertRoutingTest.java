package io.slaplatform.notifier;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.events.Breached;
import io.slaplatform.events.ClockStarted;
import io.slaplatform.events.DeadlineApproaching;
import io.slaplatform.events.DeadlineChanged;
import io.slaplatform.events.Impact;
import io.slaplatform.events.ReclassificationPolicy;
import io.slaplatform.events.ResponseLate;
import io.slaplatform.testkit.EmbeddedSmtp;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.quarkus.SmtpTestResource;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.slaplatform.notifier.NotifierTestSupport.awaitMails;
import static io.slaplatform.notifier.NotifierTestSupport.count;
import static io.slaplatform.notifier.NotifierTestSupport.deleteAllSubscriptions;
import static io.slaplatform.notifier.NotifierTestSupport.header;
import static io.slaplatform.notifier.NotifierTestSupport.html;
import static io.slaplatform.notifier.NotifierTestSupport.publish;
import static io.slaplatform.notifier.NotifierTestSupport.settle;
import static io.slaplatform.notifier.NotifierTestSupport.subject;
import static io.slaplatform.notifier.NotifierTestSupport.submitted;
import static io.slaplatform.notifier.NotifierTestSupport.subscribe;
import static io.slaplatform.notifier.NotifierTestSupport.subscription;
import static io.slaplatform.notifier.NotifierTestSupport.text;
import static io.slaplatform.notifier.NotifierTestSupport.unique;
import static io.slaplatform.notifier.NotifierTestSupport.update;
import static org.assertj.core.api.Assertions.assertThat;

/** SLA alerts to support leads: who gets what, once, with which content; real Kafka, PostgreSQL and SMTP. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
@WithTestResource(SmtpTestResource.class)
class SlaAlertRoutingTest extends OnTheTestDay {

    private static final Instant DEADLINE = Instant.parse("2026-11-30T09:00:00Z"); // 10:00 in Zurich
    private static final Supplier<EmbeddedSmtp> SMTP = SmtpTestResource::server;

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void unsubscribeEveryone() {
        deleteAllSubscriptions();
    }

    @Test
    void breachedMailsEveryMatchingSubscriberOnceWithTheTicketFactsAndItsSlaLink() {
        String breaches = unique("breaches");
        String both = unique("both");
        String warningsOnly = unique("warnings");
        subscribe(subscription(breaches, "Breached"));
        subscribe(subscription(both, "Breached", "DeadlineApproaching"));
        subscribe(subscription(warningsOnly, "DeadlineApproaching"));
        UUID ticket = UUID.randomUUID();
        publish(submitted(ticket, unique("jane"), "Processing stalls at 80%", "de-CH", Impact.CRITICAL));

        // read two hours late, e.g. a catch-up after the SLA clock was down: the alert says how late
        Instant missed = clock.instant().minus(Duration.ofHours(2));
        publish(new Breached(ticket, 1, Impact.CRITICAL, "swiss", missed));
        String ceId = publish(new Breached(ticket, 2, Impact.CRITICAL, "swiss", DEADLINE));

        awaitMails(SMTP, breaches, 2);
        MimeMessage late = mailWith(awaitMails(SMTP, breaches, 2), "Cycle:    1");
        assertThat(text(late)).contains("passed without a response from support (2 h ago when this alert was written).");
        MimeMessage mail = mailWith(awaitMails(SMTP, breaches, 2), "Cycle:    2");
        awaitMails(SMTP, both, 2);
        assertThat(subject(mail)).isEqualTo("[SLA breached] CRITICAL: Processing stalls at 80%");
        assertThat(text(mail))
                .contains("Ticket:   " + ticket)
                .contains("Subject:  Processing stalls at 80%")
                .contains("Impact:   CRITICAL")
                .contains("Calendar: swiss")
                .contains("Monday, November 30, 2026, 10:00 (Europe/Zurich, UTC+01:00)")
                .contains("2026-11-30 09:00 UTC")
                .contains("The response deadline of this ticket passed without a response from support.")
                // read as it falls due (the clock is at TEST_NOW, not past DEADLINE): how late would read "0 min"
                .doesNotContain("ago when this alert was written")
                .contains("SLA view: https://sla.test.example/sla/" + ticket);
        assertThat(html(mail)).contains("<a href=\"https://sla.test.example/sla/" + ticket + "\">")
                .contains("Processing stalls at 80%");
        assertThat(header(mail, "Message-ID")).matches("<[0-9a-f]{32}\\.notifier@localhost>");
        assertThat(header(mail, "From")).contains("sla-platform@localhost");

        assertThat(settle(SMTP, breaches)).hasSize(2);
        assertThat(settle(SMTP, both)).hasSize(2);
        assertThat(settle(SMTP, warningsOnly)).isEmpty();
        assertThat(count(dataSource, "SELECT count(*) FROM outgoing_mail WHERE event_id = ? AND status = 'SENT'",
                ceId)).isEqualTo(2);
    }

    private static MimeMessage mailWith(List<MimeMessage> mails, String text) {
        return mails.stream().filter(m -> text(m).contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("No mail with " + text));
    }

    @Test
    void deadlineApproachingTellsTheBusinessTimeLeftInTheCalendarsZone() {
        String lead = unique("lead");
        subscribe(subscription(lead, "DeadlineApproaching"));
        UUID ticket = UUID.randomUUID();
        publish(submitted(ticket, unique("jane"), "Export fails", "en", Impact.MAJOR));

        Instant deadline = Instant.parse("2026-11-30T17:00:00Z"); // 09:00 in Los Angeles
        publish(new DeadlineApproaching(ticket, 2, Impact.MAJOR, "us-pacific", 0.75, Duration.ofMinutes(60),
                deadline, deadline.minus(Duration.ofHours(1))));

        MimeMessage mail = awaitMails(SMTP, lead, 1).get(0);
        assertThat(subject(mail)).isEqualTo("[SLA warning 75%] MAJOR: Export fails");
        assertThat(text(mail))
                .contains("75% of the guaranteed response time of this ticket has elapsed: 1 h of business time remain.")
                .contains("Monday, November 30, 2026, 09:00 (America/Los_Angeles, UTC-08:00)")
                .contains("2026-11-30 17:00 UTC")
                .contains("Calendar: us-pacific")
                .contains("Cycle:    2");
    }

    @Test
    void minimumImpactAndCalendarFilterTheAlerts() {
        String majorUp = unique("major-up");
        String pacific = unique("pacific");
        String criticalSwiss = unique("critical-swiss");
        String everything = unique("everything");
        subscribe(Map.of("email", majorUp, "eventTypes", List.of("Breached"), "minimumImpact", "MAJOR"));
        subscribe(Map.of("email", pacific, "eventTypes", List.of("Breached"), "calendars", List.of("us-pacific")));
        subscribe(Map.of("email", criticalSwiss, "eventTypes", List.of("Breached"), "minimumImpact", "CRITICAL",
                "calendars", List.of("swiss")));
        subscribe(subscription(everything, "Breached"));

        for (Object[] row : new Object[][]{
                {Impact.LIMITED, "swiss"}, {Impact.MAJOR, "swiss"}, {Impact.CRITICAL, "us-pacific"},
                {Impact.CRITICAL, "swiss"}}) {
            UUID ticket = UUID.randomUUID();
            publish(submitted(ticket, unique("jane"), "Ticket " + row[0] + " " + row[1], "en", (Impact) row[0]));
            publish(new Breached(ticket, 1, (Impact) row[0], (String) row[1], DEADLINE));
        }

        awaitMails(SMTP, everything, 4);
        assertThat(settle(SMTP, everything)).hasSize(4);
        assertThat(settle(SMTP, majorUp)).extracting(NotifierTestSupport::subject).containsExactlyInAnyOrder(
                "[SLA breached] MAJOR: Ticket MAJOR swiss", "[SLA breached] CRITICAL: Ticket CRITICAL us-pacific",
                "[SLA breached] CRITICAL: Ticket CRITICAL swiss");
        assertThat(settle(SMTP, pacific)).extracting(NotifierTestSupport::subject)
                .containsExactly("[SLA breached] CRITICAL: Ticket CRITICAL us-pacific");
        assertThat(settle(SMTP, criticalSwiss)).extracting(NotifierTestSupport::subject)
                .containsExactly("[SLA breached] CRITICAL: Ticket CRITICAL swiss");
    }

    @Test
    void theOtherAlertsReadAsWhatHappened() {
        String lead = unique("lead");
        subscribe(subscription(lead, "ClockStarted", "DeadlineChanged", "ResponseLate"));
        UUID ticket = UUID.randomUUID();
        publish(submitted(ticket, unique("jane"), "Licence server down", "en", Impact.MAJOR));
        Instant start = Instant.parse("2026-11-30T08:00:00Z");

        publish(new ClockStarted(ticket, 1, Impact.MAJOR, "swiss", Duration.ofHours(4), start,
                start.plus(Duration.ofHours(4))));
        publish(new DeadlineChanged(ticket, 1, Impact.MAJOR, Impact.CRITICAL, start.plus(Duration.ofHours(4)),
                start.plus(Duration.ofHours(2)), ReclassificationPolicy.RETROACTIVE, start.plusSeconds(600)));
        publish(new ResponseLate(ticket, 1, Impact.CRITICAL, "swiss", start.plus(Duration.ofHours(2)),
                start.plus(Duration.ofMinutes(150)), Duration.ofMinutes(30), Duration.ofMinutes(30)));

        List<MimeMessage> mails = awaitMails(SMTP, lead, 3);
        assertThat(mails).extracting(NotifierTestSupport::subject).containsExactlyInAnyOrder(
                "[SLA clock started] MAJOR: Licence server down",
                "[SLA deadline changed] CRITICAL: Licence server down",
                "[SLA late response] CRITICAL: Licence server down");
        String changed = mails.stream().filter(m -> subject(m).contains("changed")).findFirst().map(
                NotifierTestSupport::text).orElseThrow();
        // DeadlineChanged carries no calendar: the ticket's ClockStarted told it
        assertThat(changed).contains("from MAJOR to CRITICAL (RETROACTIVE)").contains("Calendar: swiss")
                .contains("Monday, November 30, 2026, 13:00 (Europe/Zurich, UTC+01:00)")
                .contains("2026-11-30 10:00 UTC");
        String late = mails.stream().filter(m -> subject(m).contains("late")).findFirst().map(
                NotifierTestSupport::text).orElseThrow();
        assertThat(late).contains("Support responded 30 min of business time after the deadline (30 min on the clock)");
        String started = mails.stream().filter(m -> subject(m).contains("started")).findFirst().map(
                NotifierTestSupport::text).orElseThrow();
        assertThat(started).contains("support has 4 h of business time to respond");
    }

    @Test
    void anAlertReadBeforeTheTicketsRequestWaitsForIt() {
        String lead = unique("lead");
        subscribe(subscription(lead, "Breached"));
        UUID ticket = UUID.randomUUID();

        String ceId = publish(new Breached(ticket, 1, Impact.CRITICAL, "swiss", DEADLINE));
        org.awaitility.Awaitility.await().atMost(NotifierTestSupport.WAIT).until(() ->
                count(dataSource, "SELECT count(*) FROM deferred_alert WHERE event_id = ?", ceId) == 1);
        assertThat(settle(SMTP, lead)).isEmpty();

        publish(submitted(ticket, unique("jane"), "Arrived late", "en", Impact.CRITICAL));

        MimeMessage mail = awaitMails(SMTP, lead, 1).get(0);
        assertThat(subject(mail)).isEqualTo("[SLA breached] CRITICAL: Arrived late");
        assertThat(settle(SMTP, lead)).hasSize(1);
        assertThat(count(dataSource, "SELECT count(*) FROM deferred_alert WHERE request_id = ?", ticket)).isZero();
    }

    @Test
    void leadAlertsUseTheSubscriptionsLanguage() {
        String german = unique("de");
        String spanish = unique("es");
        subscribe(Map.of("email", german, "eventTypes", List.of("Breached"), "locale", "de-CH"));
        subscribe(Map.of("email", spanish, "eventTypes", List.of("Breached"), "locale", "es"));
        UUID ticket = UUID.randomUUID();
        publish(submitted(ticket, unique("jane"), "Abbruch", "en", Impact.MAJOR));
        publish(new Breached(ticket, 1, Impact.MAJOR, "swiss", DEADLINE));

        MimeMessage de = awaitMails(SMTP, german, 1).get(0);
        MimeMessage es = awaitMails(SMTP, spanish, 1).get(0);
        assertThat(subject(de)).isEqualTo("[SLA verletzt] MAJOR: Abbruch");
        assertThat(text(de)).contains("Montag, 30. November 2026, 10:00 (Europe/Zurich, UTC+01:00)");
        assertThat(subject(es)).isEqualTo("[SLA incumplido] MAJOR: Abbruch");
        assertThat(text(es)).contains("lunes, 30 de noviembre de 2026, 10:00");
    }

    @Test
    void duplicatesMailOnce() {
        String lead = unique("lead");
        subscribe(subscription(lead, "Breached"));
        subscribe(subscription(lead.toUpperCase(java.util.Locale.ROOT), "Breached")); // the same address again
        UUID ticket = UUID.randomUUID();
        publish(submitted(ticket, unique("jane"), "Twice?", "en", Impact.CRITICAL));
        Breached breach = new Breached(ticket, 1, Impact.CRITICAL, "swiss", DEADLINE);
        var record = io.slaplatform.events.CloudEventRecords.record(breach, UUID.randomUUID(), "/sla-clock-service");
        String ceId = new String(record.headers().lastHeader("ce_id").value());

        // 1. The same record twice, as Kafka redelivers: the consumed-event log skips the second.
        KafkaTestResource.publish(record);
        KafkaTestResource.publish(record);
        awaitMails(SMTP, lead, 1);
        assertThat(settle(SMTP, lead)).hasSize(1);

        // 2. The consumed-event log forgotten, the record delivered once more: the sent-mail log (event id and
        //    recipient) alone stands between it and a second mail.
        assertThat(update(dataSource, "DELETE FROM consumed_event WHERE event_id = ?", ceId)).isEqualTo(1);
        KafkaTestResource.publish(record);
        org.awaitility.Awaitility.await().atMost(NotifierTestSupport.WAIT).until(() ->
                count(dataSource, "SELECT count(*) FROM consumed_event WHERE event_id = ?", ceId) == 1);
        assertThat(settle(SMTP, lead)).hasSize(1);
        assertThat(count(dataSource, "SELECT count(*) FROM outgoing_mail WHERE event_id = ?", ceId)).isEqualTo(1);
    }
}
