package io.slaplatform.localstack;

import java.nio.file.Path;

/**
 * A service process did not become ready: it exited, or its readiness endpoint did not answer 200 in time.
 * The message names the service and its log file and quotes the end of the log, so the caller can print it
 * as is.
 */
public class ServiceNotReadyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String serviceName;
    private final transient Path logFile;

    public ServiceNotReadyException(String serviceName, Path logFile, String message) {
        super(message);
        this.serviceName = serviceName;
        this.logFile = logFile;
    }

    /** The name the service was started under. */
    public String serviceName() {
        return serviceName;
    }

    /** The file that holds the service's stdout and stderr. */
    public Path logFile() {
        return logFile;
    }
}
