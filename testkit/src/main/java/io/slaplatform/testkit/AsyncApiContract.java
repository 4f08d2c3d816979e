package io.slaplatform.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.slaplatform.events.CloudEventHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The published contract, {@code docs/asyncapi.yaml} (AsyncAPI 3.0), as a checker: a record conforms when its
 * topic is a channel address, its {@code ce_type} a message of that channel, its CloudEvents headers complete,
 * its payload valid against the message's JSON Schema, and its key the payload field the message names in
 * {@code x-key-field}.
 */
public final class AsyncApiContract {

    private final JsonNode document;
    private final Map<String, Map<String, JsonNode>> messagesByTopic = new LinkedHashMap<>();
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig validatorConfig = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private AsyncApiContract(JsonNode document) {
        this.document = document;
        for (Iterator<JsonNode> channels = document.path("channels").elements(); channels.hasNext(); ) {
            JsonNode channel = channels.next();
            Map<String, JsonNode> messages = new LinkedHashMap<>();
            channel.path("messages").fields().forEachRemaining(m -> {
                JsonNode message = resolve(m.getValue());
                messages.put(message.path("name").asText(m.getKey()), message);
            });
            messagesByTopic.put(channel.path("address").asText(), messages);
        }
    }

    /** Loads {@code docs/asyncapi.yaml} from the nearest enclosing project directory. */
    public static AsyncApiContract load() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/asyncapi.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docs/asyncapi.yaml not found above " + Path.of("").toAbsolutePath());
        }
        try (InputStream in = Files.newInputStream(dir.resolve("docs/asyncapi.yaml"))) {
            Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return new AsyncApiContract(new ObjectMapper().valueToTree(yaml));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read docs/asyncapi.yaml", e);
        }
    }

    /** Channel address → message names, as documented. */
    public Map<String, Set<String>> documentedMessages() {
        return messagesByTopic.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().keySet(), (a, b) -> a, LinkedHashMap::new));
    }

    /** The violations of the contract by this record; empty when it conforms. */
    public List<String> violations(ReceivedEvent event) {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> messages = messagesByTopic.get(event.topic());
        if (messages == null) {
            return List.of("topic " + event.topic() + " is not a documented channel");
        }
        JsonNode message = messages.get(event.type());
        if (message == null) {
            return List.of("ce_type " + event.type() + " is not a documented message of " + event.topic());
        }
        for (String header : List.of(CloudEventHeaders.ID, CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE,
                CloudEventHeaders.TIME, CloudEventHeaders.SPEC_VERSION)) {
            if (event.headers().get(header) == null || event.headers().get(header).isBlank()) {
                problems.add("missing header " + header);
            }
        }
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(event.headers().get(CloudEventHeaders.SPEC_VERSION))) {
            problems.add("ce_specversion is not 1.0");
        }
        if (!CloudEventHeaders.JSON.equals(event.headers().get(CloudEventHeaders.CONTENT_TYPE))) {
            problems.add("content-type is not application/json");
        }
        try {
            Instant.parse(String.valueOf(event.headers().get(CloudEventHeaders.TIME)));
        } catch (DateTimeParseException e) {
            problems.add("ce_time is not an RFC 3339 instant");
        }
        JsonNode payload = event.json();
        JsonSchema schema = schemas.getSchema(inline(message.path("payload")), validatorConfig);
        for (ValidationMessage violation : schema.validate(payload)) {
            problems.add("payload: " + violation.getMessage());
        }
        String keyField = message.path("x-key-field").asText(null);
        if (keyField == null) {
            problems.add("message " + event.type() + " documents no x-key-field");
        } else if (!payload.path(keyField).asText("").equals(event.key())) {
            problems.add("key " + event.key() + " is not the payload's " + keyField);
        }
        return problems;
    }

    /** Fails with every violation of every record that does not conform. */
    public void assertConforms(List<ReceivedEvent> events) {
        List<String> all = new ArrayList<>();
        for (ReceivedEvent event : events) {
            violations(event).forEach(v -> all.add(event.type() + " on " + event.topic() + ": " + v));
        }
        if (!all.isEmpty()) {
            throw new AssertionError("Events do not match docs/asyncapi.yaml:\n  " + String.join("\n  ", all));
        }
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        String pointer = ref.asText();
        if (!pointer.startsWith("#/")) {
            throw new IllegalStateException("Only local $refs are supported: " + pointer);
        }
        JsonNode target = document.at(pointer.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalStateException("Dangling $ref " + pointer);
        }
        return resolve(target);
    }

    /** A copy of a schema with every local $ref replaced by its target, for a self-contained JSON Schema. */
    private JsonNode inline(JsonNode node) {
        JsonNode resolved = resolve(node);
        if (resolved.isObject()) {
            ObjectNode copy = ((ObjectNode) resolved).objectNode();
            resolved.fields().forEachRemaining(f -> copy.set(f.getKey(), inline(f.getValue())));
            return copy;
        }
        if (resolved.isArray()) {
            var copy = new ObjectMapper().createArrayNode();
            resolved.forEach(element -> copy.add(inline(element)));
            return copy;
        }
        return resolved;
    }
}
