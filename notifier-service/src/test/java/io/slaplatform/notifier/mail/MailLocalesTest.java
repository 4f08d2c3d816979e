package io.slaplatform.notifier.mail;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MailLocalesTest {

    private static final Set<String> SHIPPED = Set.of("en", "es", "fr", "de", "de-AT");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            // requested, chosen
            "de,      de",
            "de-CH,   de",      // no de-CH templates: the language alone
            "de-AT,   de-AT",   // a regional template wins when there is one
            "DE-at,   de-AT",   // tags are case-insensitive
            "de_AT,   de-AT",
            "fr-CA,   fr",
            "es-419,  es",
            "pt-BR,   en",      // no Portuguese: the default
            "en-GB,   en",
            "null,    en",
            "'',      en",
            "'not a tag', en",
            "x,       en"})
    void choosesTheMostSpecificShippedLanguage(String requested, String chosen) {
        assertThat(MailLocales.choose(requested, "en", SHIPPED::contains)).isEqualTo(chosen);
    }
}
