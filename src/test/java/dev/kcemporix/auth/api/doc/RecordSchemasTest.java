package dev.kcemporix.auth.api.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.kcemporix.auth.api.Route;
import dev.kcemporix.auth.api.mount.ApiRoutes;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

/**
 * Every response record, written by Jackson, validates against the schema the document gives it:
 * once with every field filled in, once with every field that may be left out null. Written by a
 * plain mapper (nulls kept unless the record drops them) and by Keycloak's (nulls dropped), so the
 * schema holds whichever writer a Keycloak version uses.
 */
class RecordSchemasTest {

    private static final SchemaRegistry SCHEMAS =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @Test
    void everyRecordAsWrittenMatchesItsSchema() throws Exception {
        ObjectNode components = JsonNodeFactory.instance.objectNode();
        RecordSchemas schemas = new RecordSchemas(components);
        Set<Class<?>> records = new LinkedHashSet<>();
        for (Route route : ApiRoutes.TABLE.routes()) {
            for (Object body : route.responses().values()) {
                if (body instanceof Class<?> record) {
                    records.add(record);
                } else if (body instanceof Route.ListOf list) {
                    records.add(list.item());
                } else if (body instanceof Route.OneOf oneOf) {
                    records.addAll(List.of(oneOf.options()));
                }
            }
        }
        records.add(dev.kcemporix.auth.api.answer.ErrorBody.class);
        records.add(dev.kcemporix.auth.api.answer.GatewayFault.class);
        assertFalse(records.size() < 12, "only " + records);
        for (Class<?> record : records) {
            ObjectNode root = schemas.ref(record).deepCopy();
            root.set(
                    "components", JsonNodeFactory.instance.objectNode().set("schemas", components));
            var schema = SCHEMAS.getSchema(root.toString(), InputFormat.JSON);
            for (boolean filled : new boolean[] {true, false}) {
                Object sample = sample(record, filled);
                for (ObjectMapper writer : List.of(new ObjectMapper(), JsonSerialization.mapper)) {
                    String json = writer.writeValueAsString(sample);
                    assertEquals(
                            List.of(),
                            schema.validate(json, InputFormat.JSON).stream()
                                    .map(Object::toString)
                                    .toList(),
                            record.getSimpleName()
                                    + (filled ? " filled" : " with optional fields null")
                                    + ": "
                                    + json);
                }
            }
        }
    }

    @Test
    void aFieldTheSchemaDoesNotKnowFailsValidation() throws Exception {
        ObjectNode components = JsonNodeFactory.instance.objectNode();
        ObjectNode root =
                new RecordSchemas(components)
                        .ref(dev.kcemporix.auth.selfservice.SignUpResponse.class)
                        .deepCopy();
        root.set("components", JsonNodeFactory.instance.objectNode().set("schemas", components));
        var schema = SCHEMAS.getSchema(root.toString(), InputFormat.JSON);
        assertEquals(0, schema.validate("{\"id\":\"C1\"}", InputFormat.JSON).size());
        assertEquals(
                1, schema.validate("{\"id\":\"C1\",\"password\":\"x\"}", InputFormat.JSON).size());
    }

    record Unsupported(@com.fasterxml.jackson.annotation.JsonIgnore String hidden) {}

    @Test
    void anAnnotationTheSchemaCannotReadIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new RecordSchemas(JsonNodeFactory.instance.objectNode())
                                .ref(Unsupported.class));
    }

    /**
     * An instance with every component set ({@code filled}), or with those Jackson may leave out
     * null.
     */
    private static Object sample(Class<?> record, boolean filled) throws Exception {
        RecordComponent[] components = record.getRecordComponents();
        List<Object> values = new ArrayList<>();
        for (RecordComponent c : components) {
            JsonInclude include = c.getAccessor().getAnnotation(JsonInclude.class);
            boolean mayBeLeftOut = include != null && include.value() != JsonInclude.Include.ALWAYS;
            values.add(
                    !filled && mayBeLeftOut && !c.getType().isPrimitive()
                            ? null
                            : value(c.getGenericType(), c, filled));
        }
        var constructor =
                record.getDeclaredConstructor(
                        java.util.Arrays.stream(components)
                                .map(RecordComponent::getType)
                                .toArray(Class[]::new));
        constructor.setAccessible(true);
        return constructor.newInstance(values.toArray());
    }

    private static Object value(Type type, RecordComponent c, boolean filled) throws Exception {
        if (type instanceof ParameterizedType generic && generic.getRawType() == List.class) {
            Type item = generic.getActualTypeArguments()[0];
            return List.of(value(item, c, filled));
        }
        if (type instanceof ParameterizedType generic && generic.getRawType() == Map.class) {
            return Map.of();
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            JsonProperty name = c.getAccessor().getAnnotation(JsonProperty.class);
            return "sample-" + (name != null ? name.value() : c.getName());
        }
        if (raw == int.class || raw == Integer.class) {
            return 1;
        }
        if (raw == long.class || raw == Long.class) {
            return 1L;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Boolean.TRUE;
        }
        if (raw.isRecord()) {
            return sample(raw, filled);
        }
        throw new IllegalArgumentException("No sample for " + type);
    }
}
