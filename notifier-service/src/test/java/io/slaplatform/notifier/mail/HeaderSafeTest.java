package io.slaplatform.notifier.mail;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderSafeTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                // given, folded to one line
                Arguments.of("Processing stalls", "Processing stalls"),
                Arguments.of("Help\r\nBcc: evil@attacker.example", "Help Bcc: evil@attacker.example"),
                Arguments.of("Help\nBcc: evil@attacker.example", "Help Bcc: evil@attacker.example"),
                Arguments.of("Help\rX-Injected: 1", "Help X-Injected: 1"),
                Arguments.of("Help\r\n\r\n<html>second body", "Help <html>second body"),
                Arguments.of("tab\tand\u0000nul", "tab and nul"),
                Arguments.of("next line\u0085Bcc: x", "next line Bcc: x"),
                Arguments.of("line\u2028separator\u2029paragraph", "line separator paragraph"),
                Arguments.of("invoice \u202Egnp.exe", "invoice gnp.exe"),
                Arguments.of("  leading and trailing \r\n ", "leading and trailing"),
                Arguments.of("many     spaces", "many spaces"),
                // encoded payloads stay literal text; the SMTP client encodes '=' so they are not decoded again
                Arguments.of("=?UTF-8?Q?Help=0D=0ABcc:_evil@attacker.example?=",
                        "=?UTF-8?Q?Help=0D=0ABcc:_evil@attacker.example?="),
                Arguments.of("Help%0D%0ABcc:%20evil", "Help%0D%0ABcc:%20evil"),
                Arguments.of("Grüezi, ça marche 😀", "Grüezi, ça marche 😀"),
                Arguments.of(null, ""));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void foldsEverythingThatCouldBreakAHeaderLine(String given, String expected) {
        assertThat(HeaderSafe.singleLine(given, 500)).isEqualTo(expected);
    }

    @Test
    void longValuesAreCutWithAnEllipsisWithoutSplittingCharacters() {
        String cut = HeaderSafe.singleLine("😀".repeat(300), 250);
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(250);
        assertThat(cut).endsWith("\u2026").doesNotContain("\uFFFD");
        assertThat(HeaderSafe.singleLine("a".repeat(250), 250)).hasSize(250).doesNotContain("\u2026");
    }

    @Test
    void asciiSubjectsWithEncodedWordOpenersAreSentAsEncodedWordsOfTheLiteralText() throws Exception {
        String attack = "Received: =?UTF-8?Q?Help=0D=0ABcc:_evil@attacker.example?= and more text to need two words";
        String header = HeaderSafe.subjectHeader(attack);
        assertThat(header).startsWith("=?UTF-8?B?").doesNotContain("\r").doesNotContain("\n");
        assertThat(header.split(" ")).allMatch(word -> word.length() <= 75 && word.matches("=\\?UTF-8\\?B\\?[A-Za-z0-9+/=]+\\?="));
        assertThat(jakarta.mail.internet.MimeUtility.decodeText(header)).isEqualTo(attack);
        // nothing to defuse in plain ASCII: as it is
        assertThat(HeaderSafe.subjectHeader("Processing stalls at 80%")).isEqualTo("Processing stalls at 80%");
        assertThat(HeaderSafe.subjectHeader("a\r\nBcc: b")).isEqualTo("a Bcc: b");
    }

    @Test
    void nonAsciiSubjectsAreEncodedWordsThatDecodeToEveryCharacter() throws Exception {
        // CJK, Cyrillic, Arabic, a combining accent, emoji and a mathematical letter outside the BMP, long enough
        // for several words, so that a split inside a character would show
        String subject = "Export 失败 ошибка خطأ e\u0301 🚀 𝔘 " + "🚀失".repeat(20) + " Grüezi =?x?";
        String header = HeaderSafe.subjectHeader(subject);
        assertThat(header.chars()).allMatch(c -> c >= 0x20 && c < 0x7F);
        assertThat(header.split(" ")).hasSizeGreaterThan(2)
                .allMatch(word -> word.length() <= 75 && word.matches("=\\?UTF-8\\?B\\?[A-Za-z0-9+/=]+\\?="));
        for (String word : header.split(" ")) {
            String decoded = jakarta.mail.internet.MimeUtility.decodeText(word);
            assertThat(decoded).doesNotContain("\uFFFD"); // each word holds whole characters
        }
        assertThat(jakarta.mail.internet.MimeUtility.decodeText(header)).isEqualTo(subject);
    }

    @Test
    void aDisplayNameThatIsNotPlainAsciiIsEncodedAndAPlainOneKept() throws Exception {
        String encoded = HeaderSafe.mailboxHeader("SLA platform 🚀 支持 <sla@vendor.example>");
        assertThat(encoded).matches("(=\\?UTF-8\\?B\\?[A-Za-z0-9+/=]+\\?= ?)+ <sla@vendor.example>");
        assertThat(jakarta.mail.internet.MimeUtility.decodeText(encoded.substring(0, encoded.indexOf(" <"))))
                .isEqualTo("SLA platform 🚀 支持");
        assertThat(HeaderSafe.mailboxHeader("\"Café\" <sla@vendor.example>")).startsWith("=?UTF-8?B?");
        assertThat(HeaderSafe.mailboxHeader("SLA platform <sla@vendor.example>"))
                .isEqualTo("SLA platform <sla@vendor.example>");
        assertThat(HeaderSafe.mailboxHeader(" sla@vendor.example ")).isEqualTo("sla@vendor.example");
        assertThat(HeaderSafe.mailboxHeader("<sla@vendor.example>")).isEqualTo("sla@vendor.example");
    }

    static Stream<Arguments> addresses() {
        return Stream.of(
                Arguments.of("lead@vendor.example", true),
                Arguments.of("Lead.Team+sla@Vendor.Example", true),
                Arguments.of("lead@localhost", true),
                Arguments.of("lead@vendor.example\r\nBcc: evil@attacker.example", false),
                Arguments.of("lead@vendor.example\nBcc: evil@attacker.example", false),
                Arguments.of("Lead <lead@vendor.example>", false),
                Arguments.of("lead@vendor.example, evil@attacker.example", false),
                Arguments.of("\"lead team\"@vendor.example", false),
                Arguments.of("lead@vendor.example\u2028", false),
                // encoded words have no place in an address, and a lax reader might decode one into a line break
                Arguments.of("lead@vendor.example=?UTF-8?B?DQpCY2M6IGF0dGFja2VyQGV2aWwuZXhhbXBsZQ==?=", false),
                Arguments.of("=?UTF-8?B?DQpCY2M6IGF0dGFja2VyQGV2aWwuZXhhbXBsZQ==?=@vendor.example", false),
                Arguments.of("lead=sla?x@vendor.example", true),
                Arguments.of("no-at-sign", false),
                Arguments.of("a@b@c", false),
                Arguments.of("a".repeat(250) + "@x.ch", false),
                Arguments.of(null, false));
    }

    @ParameterizedTest
    @MethodSource("addresses")
    void onlyPlainAddressesAreMailed(String address, boolean plain) {
        assertThat(HeaderSafe.isPlainAddress(address)).isEqualTo(plain);
    }
}
