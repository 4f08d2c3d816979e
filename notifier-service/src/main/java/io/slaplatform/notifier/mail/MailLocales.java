package io.slaplatform.notifier.mail;

import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Picks the language of a mail: the requested BCP 47 tag when templates exist for it, else its language alone
 * ({@code de-CH} falls back to {@code de}), else the default. Tags are written language in lower case and region
 * in upper case ({@code de-CH}), which is how template files are named.
 */
public final class MailLocales {

    private MailLocales() {
    }

    /**
     * The first of {@code requested}, its language, {@code defaultTag} for which {@code available} is true.
     *
     * @param requested  a BCP 47 tag, or null
     * @param defaultTag the deployment's default, always tried last; returned even when not available
     */
    public static String choose(String requested, String defaultTag, Predicate<String> available) {
        for (String candidate : candidates(requested)) {
            if (available.test(candidate)) {
                return candidate;
            }
        }
        return defaultTag;
    }

    /** The tags to try for a requested one, most specific first; empty for null or an unreadable tag. */
    static List<String> candidates(String requested) {
        List<String> tags = new ArrayList<>();
        if (requested == null || requested.isBlank() || requested.length() > 35) {
            return tags;
        }
        Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(requested.trim().replace('_', '-')).build();
        } catch (IllformedLocaleException e) {
            return tags;
        }
        String language = locale.getLanguage();
        if (language.isEmpty() || !language.matches("[a-z]{2,3}")) {
            return tags;
        }
        if (locale.getCountry().matches("[A-Z]{2}|[0-9]{3}")) {
            tags.add(language + "-" + locale.getCountry());
        }
        tags.add(language);
        return tags;
    }

    /** The {@link Locale} of a chosen tag, for formatting dates. */
    public static Locale locale(String tag) {
        return Locale.forLanguageTag(tag);
    }
}
