package io.slaplatform.runtime.log;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The safety net behind {@link Pii}: masks e-mail addresses in every formatted log message, whatever logged it
 * (a library's message quoting a value, a log call that forgot to mask). Enabled on the console and file
 * handlers by platform-runtime's defaults ({@code quarkus.log.console.filter=pii}).
 */
@LoggingFilter(name = "pii")
public final class PiiLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String formatted = ext.getFormattedMessage();
            String masked = Pii.maskEmails(formatted);
            if (masked != null && !masked.equals(formatted)) {
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        }
        return true;
    }
}
