package io.slaplatform.intake.rest;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.slaplatform.intake.security.ApiKeyAuthenticationMechanism;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Documents the API key: the {@code apiKey} scheme (header {@code X-API-Key}), and on {@code POST /requests} the
 * API key as an alternative to the bearer JWT that platform-runtime documents for every protected operation.
 * (An annotated {@code @SecurityScheme} would make that automatic documentation use the API key for every
 * operation, hence this filter, run once the document is complete.)
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ApiKeyOpenApiFilter implements OASFilter {

    static final String SCHEME = "apiKey";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER)
                .name(ApiKeyAuthenticationMechanism.HEADER)
                .description("A form backend's API key, sfk_<keyId>_<secret>, issued by an administrator"));
        PathItem requests = openAPI.getPaths() == null ? null : openAPI.getPaths().getPathItem("/requests");
        Operation submit = requests == null ? null : requests.getPOST();
        if (submit != null && (submit.getSecurity() == null
                || submit.getSecurity().stream().noneMatch(requirement -> requirement.hasScheme(SCHEME)))) {
            submit.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(SCHEME));
        }
    }
}
