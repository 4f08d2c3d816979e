package io.slaplatform.notifier;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.events.ClockStarted;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.EnterpriseSupportActivated;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RejectionReason;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestRejected;
import io.slaplatform.events.UnguaranteedCycleStarted;
import io.slaplatform.testkit.EmbeddedSmtp;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.quarkus.SmtpTestResource;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static io.slaplatform.notifier.NotifierTestSupport.SUBMITTED;
import static io.slaplatform.notifier.NotifierTestSupport.awaitMails;
import static io.slaplatform.notifier.NotifierTestSupport.count;
import static io.slaplatform.notifier.NotifierTestSupport.header;
import static io.slaplatform.notifier.NotifierTestSupport.headerLines;
import static io.slaplatform.notifier.NotifierTestSupport.html;
import static io.slaplatform.notifier.NotifierTestSupport.publish;
import static io.slaplatform.notifier.NotifierTestSupport.settle;
import static io.slaplatform.notifier.NotifierTestSupport.subject;
import static io.slaplatform.notifier.NotifierTestSupport.submitted;
import static io.slaplatform.notifier.NotifierTestSupport.text;
import static io.slaplatform.notifier.NotifierTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mails to customers: the acknowledgement (once RequestSubmitted, RequestAccepted and ClockStarted have all
 * arrived, in any order), the rejection notice, the welcome to Enterprise support; their languages; and no header
 * injection through what the customer typed.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
@WithTestResource(SmtpTestResource.class)
class SubmitterMailTest extends OnTheTestDay {

    private static final Supplier<EmbeddedSmtp> SMTP = SmtpTestResource::server;
    private static final Instant DEADLINE = Instant.parse("2026-11-30T17:00:00Z"); // 09:00 in Los Angeles

    @Inject
    AgroalDataSource dataSource;

    static Stream<Arguments> arrivalOrders() {
        // the three facts the acknowledgement needs, in each order they can arrive (three topics)
        return Stream.of(
                Arguments.of("submitted, accepted, clock", List.of(0, 1, 2)),
                Arguments.of("submitted, clock, accepted", List.of(0, 2, 1)),
                Arguments.of("accepted, clock, submitted", List.of(1, 2, 0)),
                Arguments.of("clock, accepted, submitted", List.of(2, 1, 0)),
                Arguments.of("accepted, submitted, clock", List.of(1, 0, 2)),
                Arguments.of("clock, submitted, accepted", List.of(2, 0, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrivalOrders")
    void acknowledgementWaitsForRequestDecisionAndClockAndIsSentOnce(String name, List<Integer> order) {
        UUID ticket = UUID.randomUUID();
        String jane = unique("jane");
        List<DomainEvent> facts = List.of(
                submitted(ticket, jane, "Processing stalls", "en", Impact.CRITICAL),
                new RequestAccepted(ticket, UUID.randomUUID(), "US", SUBMITTED, SUBMITTED.plusSeconds(1)),
                new ClockStarted(ticket, 1, Impact.CRITICAL, "us-pacific", Duration.ofHours(2), SUBMITTED, DEADLINE));

        publish(facts.get(order.get(0)));
        publish(facts.get(order.get(1)));
        assertThat(settle(SMTP, jane)).as("no acknowledgement before all three facts").isEmpty();
        publish(facts.get(order.get(2)));

        MimeMessage ack = awaitMails(SMTP, jane, 1).get(0);
        assertThat(subject(ack)).isEqualTo("Support request accepted: Processing stalls");
        assertThat(text(ack))
                .contains("Thank you for your support request \"Processing stalls\"")
                .contains("we guarantee a first response within 2 h of business time")
                .contains("Response deadline: Monday, November 30, 2026, 09:00 (America/Los_Angeles, UTC-08:00)")
                .contains("2026-11-30 17:00 UTC")
                .contains("Ticket:          " + ticket)
                .contains("Business impact: CRITICAL");
        assertThat(html(ack)).contains("<strong>2 h</strong>").contains("America/Los_Angeles");
        // a second cycle (a customer reply) is no new acknowledgement
        publish(new ClockStarted(ticket, 2, Impact.CRITICAL, "us-pacific", Duration.ofHours(2),
                SUBMITTED.plusSeconds(7200), DEADLINE.plusSeconds(7200)));
        assertThat(settle(SMTP, jane)).hasSize(1);
    }

    @Test
    void aReplyWithoutCoverageIsToldOnceInTheContactsLanguageEvenWhenItsCycleComesFirst() {
        UUID ticket = UUID.randomUUID();
        String jane = unique("jane");
        Instant repliedAt = DEADLINE.plus(Duration.ofDays(1)); // Tuesday 09:00 in Los Angeles
        String eventId = publish(new UnguaranteedCycleStarted(ticket, 2, Impact.MAJOR, "us-pacific",
                RejectionReason.ENTERPRISE_SUPPORT_EXPIRED, repliedAt));
        // the contact's address and language come with RequestSubmitted, consumed after the cycle here
        Awaitility.await("the cycle waiting for the request").atMost(Duration.ofSeconds(30)).until(() ->
                count(dataSource, "SELECT count(*) FROM consumed_event WHERE event_id = ?", eventId) == 1);
        publish(submitted(ticket, jane, "Export fehlerhaft", "de-CH", Impact.MAJOR));

        MimeMessage mail = awaitMails(SMTP, jane, 1).get(0);
        assertThat(subject(mail)).isEqualTo("Ihre Antwort, ohne garantierte Antwortzeit: Export fehlerhaft");
        assertThat(text(mail))
                .contains("Wir haben Ihre Antwort vom Dienstag, 1. Dezember 2026, 09:00 (America/Los_Angeles, "
                        + "UTC-08:00) zu Ihrer Supportanfrage «Export fehlerhaft» erhalten (Ticket " + ticket + ")")
                .contains("Die Enterprise-Support-Option war zum Zeitpunkt Ihrer Antwort abgelaufen.")
                .contains("jedoch ohne garantierte Antwortzeit");
        assertThat(html(mail)).contains("<strong>Export fehlerhaft</strong>");
        assertThat(count(dataSource, "SELECT count(*) FROM outgoing_mail WHERE event_id = ? AND kind = ?", eventId,
                "UNGUARANTEED_FOLLOW_UP")).isEqualTo(1);
    }

    @Test
    void rejectionTellsTheReasonAndThatThereIsNoGuaranteedResponseTime() {
        UUID ticket = UUID.randomUUID();
        String jane = unique("jane");
        publish(new RequestRejected(ticket, RejectionReason.ENTERPRISE_SUPPORT_EXPIRED,
                "The Enterprise support add-on ended on 2026-11-01.", SUBMITTED, SUBMITTED.plusSeconds(1)));
        assertThat(settle(SMTP, jane)).isEmpty(); // the contact address comes with RequestSubmitted
        publish(submitted(ticket, jane, "Crash on export", null, Impact.MAJOR));

        MimeMessage mail = awaitMails(SMTP, jane, 1).get(0);
        assertThat(subject(mail)).isEqualTo(
                "Support request received, without guaranteed response time: Crash on export");
        assertThat(text(mail))
                .contains("It is not covered by Enterprise support: The Enterprise support add-on had expired when "
                        + "the request was submitted.")
                .doesNotContain("Details") // eligibility's English sentence for staff, not the customer
                .doesNotContain("ended on 2026-11-01")
                .contains("We will handle your request nonetheless, but without a guaranteed response time.")
                .contains("ticket " + ticket);
        assertThat(html(mail)).contains("without a guaranteed response time");
        assertThat(settle(SMTP, jane)).hasSize(1);
    }

    @Test
    void enterpriseSupportActivatedTellsPhoneHoursOfTheRegionAndHowToPlanAWebCall() {
        String us = unique("licensing-us");
        String nowhere = unique("licensing");
        publish(new EnterpriseSupportActivated(UUID.randomUUID(), us, "Pix4Dengine", "CA",
                Instant.parse("2026-03-01T08:00:00Z"), Instant.parse("2026-04-01T07:00:00Z"), SUBMITTED));
        publish(new EnterpriseSupportActivated(UUID.randomUUID(), nowhere, "Pix4Dengine", null,
                Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"), SUBMITTED));

        MimeMessage pacific = awaitMails(SMTP, us, 1).get(0);
        assertThat(subject(pacific)).isEqualTo("Your Enterprise support for Pix4Dengine is active");
        assertThat(text(pacific))
                .contains("from Sunday, March 1, 2026, 00:00 (America/Los_Angeles, UTC-08:00)")
                .contains("Phone: +1 555 0100")
                .contains("Business hours of your region: Monday to Friday, 09:00-17:00 Pacific Time, except major "
                        + "US holidays (time zone America/Los_Angeles)")
                .contains("Web call (Skype or Google Meet): Reply to this e-mail with two or three times");
        // no country: the default region (swiss), with its own phone number in this configuration
        MimeMessage swiss = awaitMails(SMTP, nowhere, 1).get(0);
        assertThat(text(swiss)).contains("Phone: +41 21 555 01 00").contains("canton Vaud")
                .contains("(time zone Europe/Zurich)");
        assertThat(html(swiss)).contains("<strong>+41 21 555 01 00</strong>");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            // request locale, expected subject start
            "de-CH,  Supportanfrage angenommen:",
            "de,     Supportanfrage angenommen:",
            "fr,     Demande de support acceptée :",
            "fr-CA,  Demande de support acceptée :",
            "es-419, Solicitud de soporte aceptada:",
            "pt-BR,  Support request accepted:",
            "null,   Support request accepted:",
            "en,     Support request accepted:"})
    void acknowledgementIsInTheRequestsLanguageWhenShippedElseEnglish(String locale, String subjectStart) {
        UUID ticket = UUID.randomUUID();
        String jane = unique("jane");
        publish(submitted(ticket, jane, "Stitching", locale, Impact.LIMITED));
        publish(new RequestAccepted(ticket, UUID.randomUUID(), "CH", SUBMITTED, SUBMITTED));
        publish(new ClockStarted(ticket, 1, Impact.LIMITED, "swiss", Duration.ofHours(12), SUBMITTED,
                Instant.parse("2026-12-01T16:00:00Z")));

        MimeMessage ack = awaitMails(SMTP, jane, 1).get(0);
        assertThat(subject(ack)).isEqualTo(subjectStart + " Stitching");
        if (locale != null && locale.startsWith("de")) {
            assertThat(text(ack)).contains("Dienstag, 1. Dezember 2026, 17:00 (Europe/Zurich, UTC+01:00)")
                    .contains("innerhalb von 12 h Geschäftszeit");
        }
    }

    static Stream<Arguments> injections() {
        String evil = "evil@attacker.example";
        String b64 = Base64.getEncoder().encodeToString(("x\r\nBcc: " + evil).getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of("Help\r\nBcc: " + evil),
                Arguments.of("Help\nBcc: " + evil),
                Arguments.of("Help\rBcc: " + evil),
                Arguments.of("Help\r\n\r\nInjected body"),
                Arguments.of("Help\r\nX-Injected: yes"),
                Arguments.of("Help\u0085Bcc: " + evil),
                Arguments.of("Help\u2028Bcc: " + evil),
                Arguments.of("=?UTF-8?Q?Help=0D=0ABcc:_" + evil + "?="),
                Arguments.of("=?UTF-8?B?" + b64 + "?="),
                Arguments.of("Help%0D%0ABcc:%20" + evil));
    }

    @ParameterizedTest
    @MethodSource("injections")
    void noHeaderInjectionThroughTheSubject(String subject) {
        UUID ticket = UUID.randomUUID();
        String jane = unique("jane");
        String evilBefore = String.valueOf(NotifierTestSupport.mailsTo(SMTP.get(), "evil@attacker.example").size());
        publish(submitted(ticket, jane, subject, "en", Impact.MAJOR));
        publish(new RequestRejected(ticket, RejectionReason.UNKNOWN_LICENSE_EMAIL, "No license.", SUBMITTED,
                SUBMITTED));

        MimeMessage mail = awaitMails(SMTP, jane, 1).get(0);
        List<String> headers = headerLines(mail);
        assertThat(headers).noneMatch(h -> h.regionMatches(true, 0, "Bcc:", 0, 4))
                .noneMatch(h -> h.regionMatches(true, 0, "X-Injected", 0, 10));
        assertThat(headers.stream().filter(h -> h.startsWith("Subject:"))).hasSize(1);
        assertThat(NotifierTestSupport.recipients(mail)).containsExactly(jane.toLowerCase(java.util.Locale.ROOT));
        String decoded = subject(mail);
        assertThat(decoded).startsWith("Support request received, without guaranteed response time: ")
                .doesNotContain("\r").doesNotContain("\n").doesNotContain("\u0085").doesNotContain("\u2028");
        // encoded payloads arrive as the literal text they were, not decoded into line breaks
        if (subject.startsWith("=?")) {
            assertThat(decoded).endsWith(subject);
        }
        assertThat(text(mail)).doesNotStartWith("Injected body");
        assertThat(settle(SMTP, jane)).hasSize(1);
        assertThat(String.valueOf(NotifierTestSupport.mailsTo(SMTP.get(), "evil@attacker.example").size()))
                .isEqualTo(evilBefore).isEqualTo("0");
    }

    @Test
    void aContactAddressThatIsNotPlainIsParkedNotMailed() {
        UUID ticket = UUID.randomUUID();
        String jane = unique("jane");
        publish(submitted(ticket, jane + "\r\nBcc: evil@attacker.example", "Help", "en", Impact.MAJOR));
        String ceId = publish(new RequestRejected(ticket, RejectionReason.UNKNOWN_LICENSE_EMAIL, "No license.",
                SUBMITTED, SUBMITTED));
        org.awaitility.Awaitility.await().atMost(NotifierTestSupport.WAIT).until(() ->
                count(dataSource, "SELECT count(*) FROM consumed_event WHERE event_id = ?", ceId) == 1);
        assertThat(settle(SMTP, jane)).isEmpty();
        assertThat(NotifierTestSupport.mailsTo(SMTP.get(), "evil@attacker.example")).isEmpty();
        assertThat(count(dataSource, "SELECT count(*) FROM outgoing_mail WHERE aggregate_id = ? AND status = 'PARKED'"
                + " AND attempts = 0 AND recipient = ?", ticket.toString(), jane + " Bcc: evil@attacker.example"))
                .isEqualTo(1);
        NotifierTestSupport.asAdmin().when().get("/mails/parked").then().statusCode(200)
                .body("find { it.aggregateId == '" + ticket + "' }.lastError",
                        org.hamcrest.Matchers.startsWith("Not sent: the recipient is not a plain e-mail address"));
    }

    @Test
    void everyCharacterReachesTheContactInSubjectAndBodies() {
        UUID ticket = UUID.randomUUID();
        String jane = unique("jane");
        // CJK, Cyrillic, Arabic, a combining accent, emoji and a mathematical letter outside the BMP
        String subject = "Export 失败 ошибка خطأ Cafe\u0301 🚀 𝔘 👩‍💻";
        publish(submitted(ticket, jane, subject, "en", Impact.MAJOR));
        publish(new RequestRejected(ticket, RejectionReason.LICENSE_EXPIRED, "Expired.", SUBMITTED, SUBMITTED));

        MimeMessage mail = awaitMails(SMTP, jane, 1).get(0);

        assertThat(subject(mail)).isEqualTo("Support request received, without guaranteed response time: " + subject);
        assertThat(text(mail)).contains(subject);
        assertThat(html(mail)).contains(subject);
        assertThat(headerLines(mail)).allMatch(line -> line.chars().allMatch(c -> c < 0x80), "ASCII header lines");
        // the tests' quarkus.mailer.from has a display name outside the BMP too
        assertThat(from(mail)).isEqualTo("SLA platform 🚀 支持 <sla-platform@localhost>");
    }

    private static String from(MimeMessage mail) {
        try {
            jakarta.mail.internet.InternetAddress sender = (jakarta.mail.internet.InternetAddress) mail.getFrom()[0];
            return sender.getPersonal() + " <" + sender.getAddress() + ">";
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void htmlPartEscapesWhatTheCustomerTyped() {
        UUID ticket = UUID.randomUUID();
        String jane = unique("jane");
        publish(submitted(ticket, jane, "<script>alert(1)</script> & <b>bold</b>", "en", Impact.MAJOR));
        publish(new RequestRejected(ticket, RejectionReason.LICENSE_EXPIRED, "Expired.", SUBMITTED, SUBMITTED));
        MimeMessage mail = awaitMails(SMTP, jane, 1).get(0);
        assertThat(html(mail)).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                + "&lt;b&gt;bold&lt;/b&gt;");
        assertThat(text(mail)).contains("\"<script>alert(1)</script> & <b>bold</b>\"");
        assertThat(header(mail, "Content-Type")).startsWith("multipart/alternative");
    }
}
