package io.slaplatform.runtime.log;

import java.util.regex.Pattern;

/**
 * Masks personal data for logs: an e-mail address keeps its first character and its domain
 * ({@code jane.doe@customer.example} → {@code j***@customer.example}), enough to tell customers apart in an
 * incident without naming anyone.
 */
public final class Pii {

    private static final Pattern EMAIL = Pattern.compile(
            "([\\p{L}\\p{N}_%+-])[\\p{L}\\p{N}._%+-]*@((?:[\\p{L}\\p{N}-]+\\.)+[\\p{L}]{2,})");

    private Pii() {
    }

    /** One address, masked; null stays null. */
    public static String email(String address) {
        if (address == null) {
            return null;
        }
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.charAt(0) + "***" + address.substring(at);
    }

    /** Every e-mail-shaped part of a text, masked. */
    public static String maskEmails(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        return EMAIL.matcher(text).replaceAll("$1***@$2");
    }
}
