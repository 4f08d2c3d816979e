package io.slaplatform.intake.rest;

import io.slaplatform.runtime.rest.ProblemException;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON bodies must be UTF-8 (RFC 8259). Jackson's decoder is lenient: it turns overlong forms into characters
 * (an overlong NUL into a NUL) and encoded surrogates or code points above U+10FFFF into unpaired surrogates.
 * This checks the bytes strictly first (the body is bounded by the HTTP body-size limit: a chunked body that
 * exceeds it has been answered with 413 by Quarkus when the read fails, see {@link AnsweredRequestException}).
 */
@Provider
public class Utf8Bodies implements ReaderInterceptor {

    private final HttpServerResponse response;

    Utf8Bodies(HttpServerResponse response) {
        this.response = response;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        byte[] body;
        try {
            body = context.getInputStream().readAllBytes();
        } catch (IOException e) {
            if (response.headWritten()) {
                throw new AnsweredRequestException(e);
            }
            throw e;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw ProblemException.invalidField("body", "is not valid UTF-8");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
