package io.slaplatform.notifier;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.slaplatform.events.Breached;
import io.slaplatform.events.ClockStarted;
import io.slaplatform.events.EnterpriseSupportActivated;
import io.slaplatform.events.Impact;
import io.slaplatform.events.ImpactReclassified;
import io.slaplatform.events.RejectionReason;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestRejected;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.testkit.EmbeddedSmtp;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.quarkus.SmtpTestResource;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.slaplatform.notifier.NotifierTestSupport.QUIET;
import static io.slaplatform.notifier.NotifierTestSupport.SUBMITTED;
import static io.slaplatform.notifier.NotifierTestSupport.WAIT;
import static io.slaplatform.notifier.NotifierTestSupport.asLead;
import static io.slaplatform.notifier.NotifierTestSupport.count;
import static io.slaplatform.notifier.NotifierTestSupport.deleteAllSubscriptions;
import static io.slaplatform.notifier.NotifierTestSupport.header;
import static io.slaplatform.notifier.NotifierTestSupport.mailsTo;
import static io.slaplatform.notifier.NotifierTestSupport.publish;
import static io.slaplatform.notifier.NotifierTestSupport.sleep;
import static io.slaplatform.notifier.NotifierTestSupport.subject;
import static io.slaplatform.notifier.NotifierTestSupport.subscribe;
import static io.slaplatform.notifier.NotifierTestSupport.subscription;
import static io.slaplatform.notifier.NotifierTestSupport.text;
import static io.slaplatform.notifier.NotifierTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * E-mail header injection, end to end, as a table of field × payload: every value from outside the notifier that
 * can reach a mail (and every other text the consumed events carry) is sent with each payload through the real
 * path (an event on Kafka, or a subscription over HTTP), the real {@code MailSender} delivers to the SMTP server,
 * and the mails that arrive are inspected.
 *
 * <p>Each field has one expected outcome for every payload: <b>mailed</b> (the value is folded into one line of
 * text: exactly one copy reaches exactly the intended recipient, the Subject and To headers are one line each,
 * and the mail has the same headers as the one for the harmless value), <b>not mailed</b> (a recipient address
 * that is not plain: the event is consumed, the mail is stored parked with the reason, where an operator sees it,
 * and nothing is sent), or <b>refused</b> (the API
 * answers 400 problem+json naming the field and stores nothing). Whatever the outcome, no mail goes to
 * {@value #ATTACKER}. The harmless value of each field is sent too, and must be mailed (accepted by the API), so
 * that "not mailed" cannot pass by a broken path.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
@WithTestResource(SmtpTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeaderInjectionTest extends OnTheTestDay {

    private static final String ATTACKER = "attacker@evil.example";
    private static final Supplier<EmbeddedSmtp> SMTP = SmtpTestResource::server;
    private static final Instant DEADLINE = Instant.parse("2026-11-30T17:00:00Z");

    /** The payloads, each appended to a harmless value of the field (an address, "Help", "en", "CH", ...). */
    private static final Map<String, String> PAYLOADS = payloads();

    /** Payloads defused over the whole table, by outcome, and those that were not, for the summary. */
    private static final Map<Outcome, Integer> COUNTED = Collections.synchronizedMap(new EnumMap<>(Outcome.class));
    private static final AtomicInteger FAILED = new AtomicInteger();

    private enum Outcome {
        MAILED("mailed, headers clean"),
        NOT_MAILED("not mailed, parked"),
        REFUSED("refused with 400");

        final String description;

        Outcome(String description) {
            this.description = description;
        }
    }

    /** Every field, where it reaches a mail, and what must become of a hostile value in it. */
    enum Field {
        CONTACT_EMAIL("RequestSubmitted.contactEmail", "To of the rejection notice", Outcome.NOT_MAILED),
        SUBJECT_REJECTION("RequestSubmitted.subject", "Subject and body of the rejection notice", Outcome.MAILED),
        SUBJECT_ACKNOWLEDGEMENT("RequestSubmitted.subject", "Subject and body of the acknowledgement",
                Outcome.MAILED),
        SUBJECT_ALERT("RequestSubmitted.subject", "Subject and body of a lead's SLA alert", Outcome.MAILED),
        DESCRIPTION("RequestSubmitted.description", "nothing (not mailed; rejection notice checked)",
                Outcome.MAILED),
        LOCALE("RequestSubmitted.locale", "the rejection notice's language", Outcome.MAILED),
        COUNTRY("RequestSubmitted.country", "nothing (kept; rejection notice checked)", Outcome.MAILED),
        LICENSE_EMAIL("RequestSubmitted.licenseEmail", "nothing (rejection notice checked)", Outcome.MAILED),
        RECLASSIFICATION_REASON("ImpactReclassified.reason", "nothing (rejection notice checked)", Outcome.MAILED),
        REJECTION_DETAIL("RequestRejected.detail", "nothing (kept for staff; rejection notice checked)",
                Outcome.MAILED),
        CUSTOMER_COUNTRY("RequestAccepted.customerCountry", "nothing (acknowledgement checked)", Outcome.MAILED),
        CLOCK_CALENDAR("ClockStarted.calendar", "the acknowledgement's time zone", Outcome.MAILED),
        BREACHED_CALENDAR("Breached.calendar", "body of a lead's SLA alert", Outcome.MAILED),
        ACTIVATED_LICENSE_EMAIL("EnterpriseSupportActivated.licenseEmail", "To of the welcome",
                Outcome.NOT_MAILED),
        ACTIVATED_PRODUCT("EnterpriseSupportActivated.product", "Subject and body of the welcome", Outcome.MAILED),
        ACTIVATED_COUNTRY("EnterpriseSupportActivated.country", "the welcome's region", Outcome.MAILED),
        SUBSCRIPTION_EMAIL("POST /subscriptions email", "To of SLA alerts", Outcome.REFUSED),
        REPLACED_SUBSCRIPTION_EMAIL("PUT /subscriptions/{id} email", "To of SLA alerts", Outcome.REFUSED),
        SUBSCRIPTION_LOCALE("POST /subscriptions locale", "SLA alerts' language", Outcome.REFUSED),
        SUBSCRIPTION_CALENDAR("POST /subscriptions calendars[0]", "which SLA alerts are sent", Outcome.REFUSED);

        final String name;
        final String reaches;
        final Outcome outcome;

        Field(String name, String reaches, Outcome outcome) {
            this.name = name;
            this.reaches = reaches;
            this.outcome = outcome;
        }

        @Override
        public String toString() {
            return name + " → " + reaches;
        }
    }

    /**
     * What one value was sent as: the mail it should cause (to {@code recipient}, about {@code ticket} when the
     * recipient gets mails of several cases), its events, or the API's answer.
     */
    private record Sent(String payload, String recipient, String ticket, String aggregateId, List<String> ceIds,
                        Response response) {
    }

    @Inject
    AgroalDataSource dataSource;

    private String lead;
    private String leadSubscription;

    @BeforeEach
    void subscribeALead() {
        lead = unique("lead");
        leadSubscription = subscribe(subscription(lead, "Breached"));
    }

    @AfterEach
    void unsubscribe() {
        deleteAllSubscriptions();
    }

    private static Map<String, String> payloads() {
        String bcc = "Bcc: " + ATTACKER;
        String base64 = Base64.getEncoder().encodeToString(("\r\n" + bcc).getBytes(StandardCharsets.UTF_8));
        Map<String, String> payloads = new LinkedHashMap<>();
        payloads.put("CRLF Bcc", "\r\n" + bcc);
        payloads.put("bare LF Bcc", "\n" + bcc);
        payloads.put("bare CR Bcc", "\r" + bcc);
        payloads.put("CRLF header and second body", "\r\nX-Injected: yes\r\n\r\nInjected body");
        payloads.put("NEL U+0085", "\u0085" + bcc);
        payloads.put("line separator U+2028", "\u2028" + bcc);
        payloads.put("paragraph separator U+2029", "\u2029" + bcc);
        payloads.put("URL-encoded %0d%0a", "%0d%0aBcc:%20" + ATTACKER);
        payloads.put("encoded word B (CRLF Bcc)", "=?UTF-8?B?" + base64 + "?=");
        payloads.put("encoded word Q (CRLF Bcc)", "=?UTF-8?Q?=0D=0ABcc:_" + ATTACKER + "?=");
        payloads.put("address list", ", " + ATTACKER);
        return Collections.unmodifiableMap(payloads);
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @EnumSource(Field.class)
    void noPayloadInjectsAHeaderOrARecipient(Field field) {
        long subscriptionsBefore = count(dataSource, "SELECT count(*) FROM subscription");
        List<String> stolenBefore = mailsToTheAttacker();
        Sent control = send(field, "");
        List<Sent> hostile = PAYLOADS.values().stream().map(payload -> send(field, payload)).toList();
        List<String> failures = new ArrayList<>();

        List<Sent> toMail = new ArrayList<>();
        if (field.outcome != Outcome.REFUSED) {
            toMail.add(control);
        }
        if (field.outcome == Outcome.MAILED) {
            toMail.addAll(hostile);
        }
        awaitMails(toMail);
        if (field.outcome == Outcome.NOT_MAILED) {
            awaitConsumed(hostile);
        }
        sleep(QUIET); // time for a second copy, or a mail that should not be sent, to arrive

        MimeMessage reference = null;
        if (field.outcome != Outcome.REFUSED) {
            List<MimeMessage> mails = mailsOf(control);
            if (mails.size() != 1) {
                failures.add("the harmless value: " + mails.size() + " mails instead of 1");
            } else {
                reference = mails.get(0);
            }
        } else if (control.response().statusCode() / 100 != 2) {
            failures.add("the harmless value: " + control.response().statusCode() + " instead of 2xx");
        }
        for (Sent sent : hostile) {
            String label = label(sent.payload());
            switch (field.outcome) {
                case MAILED -> checkMailed(sent, reference).forEach(f -> failures.add(label + ": " + f));
                case NOT_MAILED -> checkNotMailed(sent).forEach(f -> failures.add(label + ": " + f));
                case REFUSED -> checkRefused(field, sent).forEach(f -> failures.add(label + ": " + f));
            }
        }
        if (field.outcome == Outcome.REFUSED) {
            long stored = count(dataSource, "SELECT count(*) FROM subscription") - subscriptionsBefore
                    - (field == Field.REPLACED_SUBSCRIPTION_EMAIL ? 0 : 1); // the harmless value's
            if (stored != 0) {
                failures.add("all: " + stored + " subscriptions stored");
            }
        }
        List<String> stolen = new ArrayList<>(mailsToTheAttacker());
        stolen.removeAll(stolenBefore);
        if (!stolen.isEmpty()) {
            failures.add("all: mails to the attacker " + stolen);
        }

        report(field, failures);
        assertThat(failures).as(field + ": payloads not defused").isEmpty();
    }

    /** Counts the field's cells for the summary and prints its row of the table. */
    private static void report(Field field, List<String> failures) {
        long failed = PAYLOADS.keySet().stream().filter(label -> failures.stream()
                .anyMatch(f -> f.startsWith(label + ": "))).count();
        long other = failures.stream().filter(f -> PAYLOADS.keySet().stream().noneMatch(l -> f.startsWith(l + ": ")))
                .count();
        COUNTED.merge(field.outcome, PAYLOADS.size() - (int) failed, Integer::sum);
        FAILED.addAndGet((int) failed);
        System.out.printf("header injection: %-40s %-55s %2d payloads: %s%n", field.name, field.reaches,
                PAYLOADS.size(), failures.isEmpty() ? field.outcome.description
                        : failed + " of them FAILED" + (other > 0 ? ", and " + other + " other failure(s)" : ""));
    }

    @Order(2)
    @Test
    void everyFieldWasTriedWithEveryPayload() {
        int fields = Field.values().length;
        int cases = COUNTED.values().stream().mapToInt(Integer::intValue).sum() + FAILED.get();
        List<String> stolen = mailsToTheAttacker();
        System.out.printf("header injection: %d fields × %d payloads = %d hostile values: %d %s, %d %s, %d %s, "
                        + "%d failed; %d mails to %s%n", fields, PAYLOADS.size(), cases,
                COUNTED.getOrDefault(Outcome.MAILED, 0), Outcome.MAILED.description,
                COUNTED.getOrDefault(Outcome.NOT_MAILED, 0), Outcome.NOT_MAILED.description,
                COUNTED.getOrDefault(Outcome.REFUSED, 0), Outcome.REFUSED.description, FAILED.get(), stolen.size(),
                ATTACKER);
        assertThat(cases).as("field × payload cells tried (run the whole class)").isEqualTo(fields * PAYLOADS.size());
        assertThat(FAILED.get()).as("cells not defused").isZero();
        assertThat(stolen).isEmpty();
    }

    // --- sending one value of a field ---

    private Sent send(Field field, String payload) {
        return switch (field) {
            case CONTACT_EMAIL -> {
                String jane = unique("jane");
                yield rejection(payload, jane, submitted(jane + payload, "Help"), "No license.");
            }
            case SUBJECT_REJECTION -> {
                String jane = unique("jane");
                yield rejection(payload, jane, submitted(jane, "Help " + payload), "No license.");
            }
            case SUBJECT_ACKNOWLEDGEMENT -> {
                String jane = unique("jane");
                yield acknowledgement(payload, jane, submitted(jane, "Help " + payload), "US", "us-pacific");
            }
            case SUBJECT_ALERT -> alert(payload, "Help " + payload, "swiss");
            case DESCRIPTION -> {
                String jane = unique("jane");
                yield rejection(payload, jane, new RequestSubmitted(null, "licensing@customer.example", jane,
                        Impact.MAJOR, "Help", "Every project stops. " + payload, "CH", "en", SUBMITTED), "No license.");
            }
            case LOCALE -> {
                String jane = unique("jane");
                yield rejection(payload, jane, new RequestSubmitted(null, "licensing@customer.example", jane,
                        Impact.MAJOR, "Help", "Every project stops.", "CH", "en" + payload, SUBMITTED), "No license.");
            }
            case COUNTRY -> {
                String jane = unique("jane");
                yield rejection(payload, jane, new RequestSubmitted(null, "licensing@customer.example", jane,
                        Impact.MAJOR, "Help", "Every project stops.", "CH" + payload, "en", SUBMITTED),
                        "No license.");
            }
            case LICENSE_EMAIL -> {
                String jane = unique("jane");
                yield rejection(payload, jane, new RequestSubmitted(null, unique("licensing") + payload, jane,
                        Impact.MAJOR, "Help", "Every project stops.", "CH", "en", SUBMITTED), "No license.");
            }
            case RECLASSIFICATION_REASON -> reclassifiedThenRejected(payload);
            case REJECTION_DETAIL -> {
                String jane = unique("jane");
                yield rejection(payload, jane, submitted(jane, "Help"), "No license for " + payload);
            }
            case CUSTOMER_COUNTRY -> {
                String jane = unique("jane");
                yield acknowledgement(payload, jane, submitted(jane, "Help"), "US" + payload, "us-pacific");
            }
            case CLOCK_CALENDAR -> {
                String jane = unique("jane");
                yield acknowledgement(payload, jane, submitted(jane, "Help"), "US", "us-pacific" + payload);
            }
            case BREACHED_CALENDAR -> alert(payload, "Help", "swiss" + payload);
            case ACTIVATED_LICENSE_EMAIL -> {
                String address = unique("licensing");
                yield welcome(payload, address, address + payload, "Pix4Dengine", "CA");
            }
            case ACTIVATED_PRODUCT -> {
                String address = unique("licensing");
                yield welcome(payload, address, address, "Pix4Dengine " + payload, "CA");
            }
            case ACTIVATED_COUNTRY -> {
                String address = unique("licensing");
                yield welcome(payload, address, address, "Pix4Dengine", "CA" + payload);
            }
            case SUBSCRIPTION_EMAIL -> subscriptionPost(payload, unique("lead") + payload, null, null);
            case REPLACED_SUBSCRIPTION_EMAIL -> {
                Response response = asLead().contentType(ContentType.JSON)
                        .body(subscription(lead + payload, "Breached")).when()
                        .put("/subscriptions/" + leadSubscription).andReturn();
                yield new Sent(payload, null, null, null, List.of(), response);
            }
            case SUBSCRIPTION_LOCALE -> subscriptionPost(payload, unique("lead"), "en" + payload, null);
            case SUBSCRIPTION_CALENDAR -> subscriptionPost(payload, unique("lead"), null, "swiss" + payload);
        };
    }

    private static RequestSubmitted submitted(String contact, String subject) {
        return new RequestSubmitted(null, "licensing@customer.example", contact, Impact.MAJOR, subject,
                "Every project stops.", "CH", "en", SUBMITTED);
    }

    /** The request, with a fresh id, then its rejection: the rejection notice goes to {@code recipient}. */
    private static Sent rejection(String payload, String recipient, RequestSubmitted request, String detail) {
        UUID ticket = UUID.randomUUID();
        List<String> ceIds = List.of(
                publish(withId(request, ticket)),
                publish(new RequestRejected(ticket, RejectionReason.UNKNOWN_LICENSE_EMAIL, detail, SUBMITTED,
                        SUBMITTED)));
        return new Sent(payload, recipient, null, ticket.toString(), ceIds, null);
    }

    private static Sent reclassifiedThenRejected(String payload) {
        UUID ticket = UUID.randomUUID();
        String jane = unique("jane");
        List<String> ceIds = List.of(
                publish(withId(submitted(jane, "Help"), ticket)),
                publish(new ImpactReclassified(ticket, Impact.MAJOR, Impact.CRITICAL, "Customer says " + payload,
                        SUBMITTED.plusSeconds(60))),
                publish(new RequestRejected(ticket, RejectionReason.UNKNOWN_LICENSE_EMAIL, "No license.", SUBMITTED,
                        SUBMITTED)));
        return new Sent(payload, jane, null, ticket.toString(), ceIds, null);
    }

    /** The request, its acceptance and its first cycle: the acknowledgement goes to {@code recipient}. */
    private static Sent acknowledgement(String payload, String recipient, RequestSubmitted request,
                                        String customerCountry, String calendar) {
        UUID ticket = UUID.randomUUID();
        List<String> ceIds = List.of(
                publish(withId(request, ticket)),
                publish(new RequestAccepted(ticket, UUID.randomUUID(), customerCountry, SUBMITTED, SUBMITTED)),
                publish(new ClockStarted(ticket, 1, Impact.MAJOR, calendar, Duration.ofHours(4), SUBMITTED,
                        DEADLINE)));
        return new Sent(payload, recipient, null, ticket.toString(), ceIds, null);
    }

    /** A request and its breach: the lead subscribed to breaches gets an alert about this ticket. */
    private Sent alert(String payload, String subject, String calendar) {
        UUID ticket = UUID.randomUUID();
        List<String> ceIds = List.of(
                publish(withId(submitted(unique("jane"), subject), ticket)),
                publish(new Breached(ticket, 1, Impact.MAJOR, calendar, DEADLINE)));
        return new Sent(payload, lead, ticket.toString(), ticket.toString(), ceIds, null);
    }

    private static Sent welcome(String payload, String recipient, String licenseEmail, String product,
                                String country) {
        UUID license = UUID.randomUUID();
        String ceId = publish(new EnterpriseSupportActivated(license, licenseEmail, product, country,
                Instant.parse("2026-03-01T08:00:00Z"), Instant.parse("2027-03-01T08:00:00Z"), SUBMITTED));
        return new Sent(payload, recipient, null, license.toString(), List.of(ceId), null);
    }

    private static Sent subscriptionPost(String payload, String email, String locale, String calendar) {
        Map<String, Object> body = new LinkedHashMap<>(subscription(email, "ResponseLate"));
        if (locale != null) {
            body.put("locale", locale);
        }
        if (calendar != null) {
            body.put("calendars", List.of(calendar));
        }
        Response response = asLead().contentType(ContentType.JSON).body(body).when().post("/subscriptions")
                .andReturn();
        return new Sent(payload, null, null, null, List.of(), response);
    }

    private static RequestSubmitted withId(RequestSubmitted r, UUID ticket) {
        return new RequestSubmitted(ticket, r.licenseEmail(), r.contactEmail(), r.impact(), r.subject(),
                r.description(), r.country(), r.locale(), r.submittedAt());
    }

    // --- what arrived ---

    /** The mails of one case: to its recipient and, for a lead's alerts, about its ticket. */
    private static List<MimeMessage> mailsOf(Sent sent) {
        return mailsTo(SMTP.get(), sent.recipient()).stream()
                .filter(m -> sent.ticket() == null || text(m).contains(sent.ticket())).toList();
    }

    /** Waits until every case has its mail; returns quietly at the time-out so each case is reported. */
    private static void awaitMails(List<Sent> cases) {
        try {
            Awaitility.await("mails of " + cases.size() + " cases").atMost(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .pollInterval(100, TimeUnit.MILLISECONDS)
                    .until(() -> cases.stream().allMatch(c -> !mailsOf(c).isEmpty()));
        } catch (ConditionTimeoutException e) {
            // reported per case below
        }
    }

    private void awaitConsumed(List<Sent> cases) {
        List<String> ceIds = cases.stream().flatMap(c -> c.ceIds().stream()).toList();
        Awaitility.await("events consumed").atMost(WAIT.toMillis(), TimeUnit.MILLISECONDS).until(() ->
                ceIds.stream().allMatch(id ->
                        count(dataSource, "SELECT count(*) FROM consumed_event WHERE event_id = ?", id) == 1));
    }

    private List<String> checkMailed(Sent sent, MimeMessage reference) {
        List<String> failures = new ArrayList<>();
        List<MimeMessage> mails = mailsOf(sent);
        if (mails.size() != 1) {
            failures.add(mails.size() + " mails to the recipient instead of 1 (parked events: " + parked(sent) + ")");
            return failures;
        }
        MimeMessage mail = mails.get(0);
        String messageId = header(mail, "Message-ID");
        long copies = SMTP.get().messages().stream().filter(m -> Objects.equals(header(m, "Message-ID"), messageId))
                .count();
        if (copies != 1) {
            failures.add(copies + " copies delivered (one per envelope recipient): a recipient was injected");
        }
        List<String> recipients = allRecipients(mail);
        if (!recipients.equals(List.of(sent.recipient().toLowerCase(Locale.ROOT)))) {
            failures.add("recipients " + recipients);
        }
        List<String> raw = rawHeaderLines(mail);
        for (String name : List.of("Subject", "To")) {
            List<String> lines = raw.stream().filter(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .toList();
            if (lines.size() != 1) {
                failures.add(lines.size() + " " + name + " headers");
            } else if (lines.get(0).matches("(?s).*(\r(?!\n)|\n(?![ \t])).*")) {
                failures.add(name + " header breaks its line: " + lines.get(0));
            }
        }
        String subject = subject(mail);
        if (subject == null || subject.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0x85 || c == 0x2028
                || c == 0x2029)) {
            failures.add("decoded subject holds a line break: " + subject);
        }
        if (reference != null && !headerNames(mail).equals(headerNames(reference))) {
            failures.add("headers " + headerNames(mail) + " instead of " + headerNames(reference));
        }
        if (!isTwoPartAlternative(mail) || text(mail).startsWith("Injected body")) {
            failures.add("the body was split or replaced");
        }
        return failures;
    }

    private List<String> checkNotMailed(Sent sent) {
        List<String> failures = new ArrayList<>();
        long stored = count(dataSource, "SELECT count(*) FROM outgoing_mail WHERE aggregate_id = ?",
                sent.aggregateId());
        long parkedAsUnmailable = count(dataSource, "SELECT count(*) FROM outgoing_mail WHERE aggregate_id = ?"
                + " AND status = 'PARKED' AND attempts = 0 AND last_error LIKE 'Not sent: the recipient is not%'",
                sent.aggregateId());
        if (stored != 1 || parkedAsUnmailable != 1) {
            failures.add(stored + " mails stored, " + parkedAsUnmailable + " parked as unmailable, instead of 1");
        }
        if (!mailsOf(sent).isEmpty()) {
            failures.add("mailed to " + sent.recipient());
        }
        long parked = parked(sent);
        if (parked != 0) {
            failures.add(parked + " events parked instead of handled");
        }
        return failures;
    }

    private List<String> checkRefused(Field field, Sent sent) {
        List<String> failures = new ArrayList<>();
        Response response = sent.response();
        String fieldName = field == Field.SUBSCRIPTION_LOCALE ? "locale"
                : field == Field.SUBSCRIPTION_CALENDAR ? "calendars[0]" : "email";
        List<String> named = response.contentType().startsWith("application/problem+json")
                ? response.jsonPath().getList("errors.field", String.class) : List.of();
        if (response.statusCode() != 400 || named == null || !named.contains(fieldName)) {
            failures.add(response.statusCode() + " " + response.contentType() + " naming " + named
                    + " instead of 400 problem+json naming " + fieldName);
        }
        if (field == Field.REPLACED_SUBSCRIPTION_EMAIL) {
            String kept = asLead().when().get("/subscriptions/" + leadSubscription).then().statusCode(200)
                    .extract().path("email");
            if (!lead.equals(kept)) {
                failures.add("the subscription's address became " + kept);
            }
        }
        return failures;
    }

    private long parked(Sent sent) {
        return sent.ceIds().stream().mapToLong(id ->
                count(dataSource, "SELECT count(*) FROM parked_event WHERE ce_id = ?", id)).sum();
    }

    /** Every mail whose To or Cc names the attacker's domain. */
    private static List<String> mailsToTheAttacker() {
        return SMTP.get().messages().stream().filter(m -> allRecipients(m).stream()
                .anyMatch(r -> r.endsWith("evil.example"))).map(m -> header(m, "Message-ID")).toList();
    }

    /** The addresses in the To, Cc and Bcc headers, parsed leniently (an address sent must be reported, not throw). */
    private static List<String> allRecipients(MimeMessage message) {
        List<String> all = new ArrayList<>();
        for (String name : List.of("To", "Cc", "Bcc")) {
            try {
                String value = message.getHeader(name, ",");
                if (value != null) {
                    for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
                        all.add(address.getAddress().toLowerCase(Locale.ROOT));
                    }
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return all;
    }

    /** Header lines as received, continuation lines still attached with their line break. */
    private static List<String> rawHeaderLines(MimeMessage message) {
        try {
            return Collections.list(message.getAllHeaderLines());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The header names of a message, in order, in lower case. */
    private static List<String> headerNames(MimeMessage message) {
        return rawHeaderLines(message).stream().map(h -> h.substring(0, Math.max(0, h.indexOf(':')))
                .toLowerCase(Locale.ROOT)).sorted().toList();
    }

    private static boolean isTwoPartAlternative(MimeMessage message) {
        try {
            return message.isMimeType("multipart/alternative") && message.getContent() instanceof Multipart parts
                    && parts.getCount() == 2;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String label(String payload) {
        return PAYLOADS.entrySet().stream().filter(e -> e.getValue().equals(payload)).map(Map.Entry::getKey)
                .findFirst().orElse("?");
    }
}
