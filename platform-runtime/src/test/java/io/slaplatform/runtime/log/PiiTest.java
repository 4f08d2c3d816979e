package io.slaplatform.runtime.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PiiTest {

    @Test
    void masksOneAddressKeepingItsFirstCharacterAndDomain() {
        assertThat(Pii.email("jane.doe@customer.example")).isEqualTo("j***@customer.example");
        assertThat(Pii.email("not-an-address")).isEqualTo("***");
        assertThat(Pii.email(null)).isNull();
    }

    @Test
    void masksEveryAddressInAText() {
        assertThat(Pii.maskEmails("from jane.doe@customer.example to Émile+ops@sub.société.ch, done"))
                .isEqualTo("from j***@customer.example to É***@sub.société.ch, done");
        assertThat(Pii.maskEmails("no address @ all")).isEqualTo("no address @ all");
    }

    @Test
    void theFilterMasksTheMessageAndEveryExceptionMessageButKeepsTheTrace() {
        SQLException sql = new SQLException(
                "ERROR: duplicate key value violates unique constraint; Key (email)=(jane.doe@customer.example)");
        IllegalStateException thrown = new IllegalStateException("Cannot store", sql);
        ExtLogRecord record = new ExtLogRecord(Level.SEVERE, "Register %s failed", ExtLogRecord.FormatStyle.PRINTF,
                PiiTest.class.getName());
        record.setParameters(new Object[]{"jane.doe@customer.example"});
        record.setThrown(thrown);

        assertThat(new PiiLogFilter().isLoggable(record)).isTrue();

        assertThat(record.getFormattedMessage()).isEqualTo("Register j***@customer.example failed");
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString())
                .contains("java.lang.IllegalStateException: Cannot store")
                .contains("Caused by: java.sql.SQLException: ERROR: duplicate key value")
                .contains("j***@customer.example")
                .contains("at io.slaplatform.runtime.log.PiiTest.")
                .doesNotContain("jane.doe");
    }

    @Test
    void leavesRecordsWithoutAddressesAlone() {
        IllegalStateException thrown = new IllegalStateException("plain");
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "nothing personal", PiiTest.class.getName());
        record.setThrown(thrown);
        new PiiLogFilter().isLoggable(record);
        assertThat(record.getThrown()).isSameAs(thrown);
        assertThat(record.getFormattedMessage()).isEqualTo("nothing personal");
    }
}
