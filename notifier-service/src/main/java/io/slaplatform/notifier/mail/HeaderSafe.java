package io.slaplatform.notifier.mail;

import io.slaplatform.runtime.validation.Validation;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes text safe for a mail header. Anything that reaches a header (subject lines, names) may come from a
 * customer's web form, and a line break in it would let that customer write headers of their own
 * ({@code Bcc:}, a second body). The SMTP client does not guard against it: it writes a bare LF in a subject as
 * it is. So every header value is folded to one line here, before it is stored or sent.
 *
 * <p>Pure functions; thread-safe.
 */
public final class HeaderSafe {

    private static final Pattern ADDRESS = Pattern.compile(Validation.PLAIN_ADDRESS);
    private static final Pattern NAMED_MAILBOX = Pattern.compile("(.*?)\\s*<([^<>]+)>");
    private static final int ADDRESS_MAX = 254;
    private static final int MAX_HEADER_TEXT = 500;
    /** Bytes of text per encoded word: base 64 makes 60 characters of them, 72 with "=?UTF-8?B?" and "?=". */
    private static final int WORD_BYTES = 45;

    private HeaderSafe() {
    }

    /**
     * The value on one line: every control character (CR, LF, TAB, NUL, DEL, the C1 range including NEL), Unicode
     * line and paragraph separator and bidirectional override becomes a space; runs of white space collapse to one;
     * the ends are trimmed; and the result is cut to {@code maxLength} code points, ending in an ellipsis when cut.
     *
     * @return the safe value; empty for null
     */
    public static String singleLine(String value, int maxLength) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        boolean space = false;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (breaksOrHides(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.appendCodePoint(cp);
        }
        String line = out.toString();
        if (line.codePointCount(0, line.length()) <= maxLength) {
            return line;
        }
        int end = line.offsetByCodePoints(0, Math.max(0, maxLength - 1));
        return line.substring(0, end).stripTrailing() + "\u2026";
    }

    /**
     * The value as it goes into a {@code Subject} header: {@link #singleLine folded to one line}, and, unless it is
     * ASCII without an encoded-word opener {@code =?}, written as RFC 2047 encoded words (UTF-8, base 64, at most
     * 45 bytes of text and 72 characters each, never splitting a character) so that a reader decodes it back to
     * exactly the text. Two reasons to encode here rather than leave it to the SMTP client: the client writes an
     * ASCII subject as it is, and a customer's {@code =?UTF-8?Q?Help=0D=0ABcc:...?=} would be decoded by the reader
     * into a line break; and the client encodes a non-ASCII subject one UTF-16 unit at a time, so a character
     * outside the Basic Multilingual Plane (an emoji, 𝔘) arrived as {@code ??}.
     */
    public static String subjectHeader(String value) {
        String line = singleLine(value, MAX_HEADER_TEXT);
        return isPlainAscii(line) ? line : encodedWords(line);
    }

    /**
     * A mailbox as configured ({@code Name <local@domain>}, or a bare address) as it goes into a {@code From} header:
     * a display name that is not plain ASCII (see {@link #subjectHeader}) is written as RFC 2047 encoded words,
     * which the SMTP client then leaves as they are; it would otherwise encode it one UTF-16 unit at a time, and an
     * emoji in the name would arrive as {@code ??}.
     */
    public static String mailboxHeader(String mailbox) {
        Matcher named = NAMED_MAILBOX.matcher(mailbox.strip());
        if (!named.matches()) {
            return mailbox.strip();
        }
        String name = singleLine(named.group(1).replaceAll("^\"(.*)\"$", "$1"), MAX_HEADER_TEXT);
        if (name.isEmpty()) {
            return named.group(2);
        }
        return (isPlainAscii(name) ? named.group(1).strip() : encodedWords(name)) + " <" + named.group(2) + ">";
    }

    private static boolean isPlainAscii(String text) {
        return !text.contains("=?") && text.chars().allMatch(c -> c < 0x80);
    }

    /** {@code line} as RFC 2047 encoded words (UTF-8, base 64), whole characters in each, separated by spaces. */
    private static String encodedWords(String line) {
        StringBuilder words = new StringBuilder();
        byte[] word = new byte[WORD_BYTES];
        int length = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            byte[] character = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            i += Character.charCount(cp);
            if (length + character.length > WORD_BYTES) {
                appendWord(words, word, length);
                length = 0;
            }
            System.arraycopy(character, 0, word, length, character.length);
            length += character.length;
        }
        appendWord(words, word, length);
        return words.toString();
    }

    /** Appends {@code "=?UTF-8?B?" + base 64 + "?="}, after a space when words precede it (that space is no text). */
    private static void appendWord(StringBuilder words, byte[] bytes, int length) {
        if (words.length() > 0) {
            words.append(' ');
        }
        words.append("=?UTF-8?B?").append(Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, length)))
                .append("?=");
    }

    /** Whether this is a plain address ({@link Validation#PLAIN_ADDRESS}) that can go in a {@code To} header as it is. */
    public static boolean isPlainAddress(String address) {
        return address != null && address.length() <= ADDRESS_MAX && ADDRESS.matcher(address).matches();
    }

    /** The form recipients are de-duplicated in: lower case (root locale). */
    public static String recipientKey(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    private static boolean breaksOrHides(int cp) {
        if (Character.isISOControl(cp) || !Character.isValidCodePoint(cp) || Character.isSurrogate((char) cp)) {
            return true;
        }
        int type = Character.getType(cp);
        if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return true;
        }
        // Bidirectional embeddings, overrides and isolates can make a subject read other than it is.
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }
}
