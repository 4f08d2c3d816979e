package io.slaplatform.events;

import java.util.Locale;
import java.util.Set;

/** ISO 3166-1 alpha-2 country codes, as the JDK knows them. */
public final class Countries {

    private static final Set<String> ALPHA2 = Set.of(Locale.getISOCountries());

    private Countries() {
    }

    /** True when {@code code} is an upper-case ISO 3166-1 alpha-2 code ({@code "CH"}, not {@code "ch"}). */
    public static boolean isAlpha2(String code) {
        return code != null && ALPHA2.contains(code);
    }

    /** Every ISO 3166-1 alpha-2 code. */
    public static Set<String> all() {
        return ALPHA2;
    }
}
