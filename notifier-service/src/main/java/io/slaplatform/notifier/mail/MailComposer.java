package io.slaplatform.notifier.mail;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.runtime.Startup;
import io.slaplatform.notifier.config.NotifierConfig;
import io.slaplatform.notifier.domain.MailKind;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Renders mails from Qute templates: {@code templates/mail/<kind>/<locale>.txt} (plain text, with the subject line
 * in a {@code {#capture subject}} fragment) and {@code .../<locale>.html}. The language is the requested one when
 * both templates exist for it, else its language alone, else {@code notifier.mail.default-locale}. A template may
 * capture further fragments (the rejection templates word the reason in one, {@code reason}); each is rendered
 * first and handed to both parts under its name.
 */
@Singleton
@Startup
public class MailComposer {

    /** A rendered mail: its language, a subject safe for the header, and both parts. */
    public record ComposedMail(String locale, String subject, String text, String html) {
    }

    /** Longest subject line, in characters. */
    public static final int SUBJECT_MAX = 250;
    private static final String[] SHARED_FRAGMENTS = {"reason"};

    private final Engine engine;
    private final String defaultLocale;
    private final Map<String, Boolean> available = new ConcurrentHashMap<>();

    MailComposer(Engine engine, NotifierConfig config) {
        this.engine = engine;
        this.defaultLocale = config.mail().defaultLocale();
        for (MailKind kind : MailKind.values()) {
            if (!exists(kind, defaultLocale)) {
                throw new IllegalStateException("notifier.mail.default-locale: no templates mail/" + kind.template()
                        + "/" + defaultLocale + ".txt and .html");
            }
            if (text(kind, defaultLocale).getFragment("subject") == null) {
                throw new IllegalStateException("mail/" + kind.template() + "/" + defaultLocale
                        + ".txt has no {#capture subject} fragment");
            }
        }
    }

    /**
     * Renders a mail of {@code kind} in the best language for {@code requestedLocale}.
     *
     * @param model builds the template's {@code m} for the chosen language (dates are written in it)
     */
    public ComposedMail compose(MailKind kind, String requestedLocale, Function<Locale, Object> model) {
        String tag = MailLocales.choose(requestedLocale, defaultLocale, candidate -> exists(kind, candidate));
        Object m = model.apply(MailLocales.locale(tag));
        Template text = text(kind, tag);
        Template html = engine.getTemplate(path(kind, tag, "html"));
        Template subjectFragment = text.getFragment("subject");
        if (subjectFragment == null) {
            throw new IllegalStateException(path(kind, tag, "txt") + " has no {#capture subject} fragment");
        }
        Map<String, Object> data = new java.util.HashMap<>();
        data.put("m", m);
        for (String name : SHARED_FRAGMENTS) {
            Template fragment = text.getFragment(name);
            if (fragment != null) {
                data.put(name, HeaderSafe.singleLine(with(fragment.instance(), data).render(), 2000));
            }
        }
        String subject = HeaderSafe.singleLine(with(subjectFragment.instance(), data).render(), SUBJECT_MAX);
        return new ComposedMail(tag, subject, with(text.instance(), data).render().strip() + "\n",
                with(html.instance(), data).render());
    }

    private static TemplateInstance with(TemplateInstance instance, Map<String, Object> data) {
        data.forEach(instance::data);
        return instance;
    }

    private boolean exists(MailKind kind, String tag) {
        return available.computeIfAbsent(kind.template() + "/" + tag,
                key -> engine.getTemplate(path(kind, tag, "txt")) != null
                        && engine.getTemplate(path(kind, tag, "html")) != null);
    }

    private Template text(MailKind kind, String tag) {
        return engine.getTemplate(path(kind, tag, "txt"));
    }

    private static String path(MailKind kind, String tag, String suffix) {
        return "mail/" + kind.template() + "/" + tag + "." + suffix;
    }
}
