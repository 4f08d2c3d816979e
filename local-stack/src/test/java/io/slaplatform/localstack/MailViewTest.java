package io.slaplatform.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.slaplatform.testkit.EmbeddedSmtp;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailViewTest {

    @TempDir
    Path mailDir;

    private EmbeddedSmtp smtp;
    private MailView view;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        // A file of an earlier run: the view mirrors its own indices, so it must go.
        Files.writeString(mailDir.resolve("0000-old.eml"), "old");
        smtp = EmbeddedSmtp.start(0);
        view = MailView.start(smtp, 0, mailDir,
                Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneId.of("Europe/Zurich")));
    }

    @AfterEach
    void stop() {
        view.close();
        smtp.close();
    }

    @Test
    void listsEscapesAndServesRawMessagesAndWritesEmlFiles() throws Exception {
        send("alice@example.com", "bob@example.com", "<script>alert('x')</script> & \"more\"", "Hello Bob");

        HttpResponse<String> html = get("/");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(html.body())
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;")
                .doesNotContain("<script>")
                .contains("alice@example.com")
                .contains("bob@example.com")
                // Shown in the clock's zone.
                .containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d CET");

        HttpResponse<String> json = get("/messages");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json.body())
                .startsWith("[")
                .contains("\"index\":0")
                .contains("\"from\":\"alice@example.com\"")
                .contains("\"to\":[\"bob@example.com\"]")
                .contains("\"subject\":\"<script>alert('x')</script> & \\\"more\\\"\"")
                .containsPattern("\"receivedAt\":\"20\\d\\d-\\d\\d-\\d\\dT[0-9:.]+Z\"");

        HttpResponse<String> raw = get("/messages/0");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(raw.body()).contains("Subject: ").contains("Hello Bob").contains("Return-Path: <alice@example.com>");

        assertThat(get("/messages/1").statusCode()).isEqualTo(404);
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(view.uri().resolve("/messages"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(405);

        try (Stream<Path> files = Files.list(mailDir)) {
            assertThat(files.map(file -> file.getFileName().toString()).toList())
                    .containsExactly("0000-script-alert-x-script-more.eml");
        }
        assertThat(Files.readString(mailDir.resolve("0000-script-alert-x-script-more.eml"))).contains("Hello Bob");
    }

    @Test
    void keepsIndicesInArrivalOrderAcrossMailboxes() throws Exception {
        // GreenMail lists its store mailbox by mailbox; the view must still number messages as they arrived.
        send("noreply@example.com", "zoe@example.com", "first", "1");
        assertThat(view.mails()).hasSize(1);
        send("noreply@example.com", "adam@example.com", "second", "2");
        send("noreply@example.com", "zoe@example.com", "third", "3");

        List<MailView.Mail> mails = view.mails();

        assertThat(mails).extracting(MailView.Mail::subject).containsExactly("first", "second", "third");
        assertThat(mails).extracting(MailView.Mail::index).containsExactly(0, 1, 2);
        assertThat(mails.get(0).file()).hasFileName("0000-first.eml");
    }

    @Test
    void emptyListIsValidJson() throws Exception {
        assertThat(get("/messages").body()).isEqualTo("[]\n");
        assertThat(get("/").body()).contains("0 messages");
    }

    @Test
    void escapesForHtmlAndJson() {
        assertThat(MailView.escape("<a href=\"x\">'&'</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assertThat(MailView.jsonString("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
        assertThat(MailView.slug("  Réponse: SLA BREACHED!! ")).isEqualTo("r-ponse-sla-breached");
        assertThat(MailView.slug("???")).isEqualTo("no-subject");
    }

    private void send(String from, String to, String subject, String body) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", smtp.host());
        properties.put("mail.smtp.port", Integer.toString(smtp.port()));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        message.setText(body, "UTF-8");
        Transport.send(message);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + view.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
