package io.slaplatform.intake.rest;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Reading the body failed after Quarkus had already answered the request itself: a chunked body (no
 * {@code Content-Length}, so {@code BodyLimitRoute} could not refuse it up front) that grew beyond
 * {@code quarkus.http.limits.max-body-size} gets a bare 413 with {@code Connection: close} from Quarkus' input
 * stream. Nothing is left to write, so this is no unexpected failure (no ERROR, no 500 attempt).
 */
public class AnsweredRequestException extends RuntimeException {

    public AnsweredRequestException(Throwable cause) {
        super("The request was answered while its body was read", cause, false, false);
    }

    /** Maps the exception to nothing more: the answer has been sent. */
    public static class Mapper {

        private static final Logger LOG = Logger.getLogger(AnsweredRequestException.class);

        @ServerExceptionMapper
        public Response answered(AnsweredRequestException e) {
            LOG.debugf("Request body not read: %s", e.getCause().getMessage());
            return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE).build(); // not written: the head was
        }
    }
}
