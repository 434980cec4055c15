package dev.kcemporix.auth.api.doc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcemporix.auth.api.answer.Described;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 takes them) of the response records, read from the records
 * themselves the way Jackson writes them: a component's JSON name from {@code @JsonProperty}, left
 * out of {@code required} when {@code @JsonInclude} drops it while null or empty. Every record is
 * closed ({@code additionalProperties: false}), so a field the document does not name fails a
 * client's validation, and ours. Jackson annotations this reading does not know are refused, not
 * guessed at.
 */
final class RecordSchemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Jackson annotations that would make the written JSON differ from the components as read here.
     */
    private static final List<Class<? extends java.lang.annotation.Annotation>> UNSUPPORTED =
            List.of(
                    com.fasterxml.jackson.annotation.JsonIgnore.class,
                    com.fasterxml.jackson.annotation.JsonUnwrapped.class,
                    com.fasterxml.jackson.annotation.JsonValue.class,
                    com.fasterxml.jackson.annotation.JsonAnyGetter.class,
                    com.fasterxml.jackson.databind.annotation.JsonSerialize.class);

    private final ObjectNode components;
    private final Map<String, Class<?>> named = new java.util.HashMap<>();

    /**
     * @param components the document's {@code components.schemas}, filled as records are met
     */
    RecordSchemas(ObjectNode components) {
        this.components = components;
    }

    /** A reference to the schema of {@code record}, added to the components on first use. */
    ObjectNode ref(Class<?> record) {
        String name = nameOf(record);
        Class<?> holder = named.putIfAbsent(name, record);
        if (holder != null && holder != record) {
            throw new IllegalArgumentException(
                    "Two records would be schema " + name + ": " + holder + " and " + record);
        }
        if (!components.has(name)) {
            // A placeholder first: a record that refers to itself ends here.
            components.putObject(name);
            components.set(name, schemaOf(record));
        }
        return NODES.objectNode().put("$ref", "#/components/schemas/" + name);
    }

    /** A component name: the record's simple name, prefixed by the record it is declared in. */
    static String nameOf(Class<?> record) {
        Class<?> enclosing = record.getEnclosingClass();
        return enclosing != null && enclosing.isRecord()
                ? enclosing.getSimpleName() + "." + record.getSimpleName()
                : record.getSimpleName();
    }

    private ObjectNode schemaOf(Class<?> record) {
        if (!record.isRecord()) {
            throw new IllegalArgumentException(record + " is not a record");
        }
        if (record.getAnnotation(JsonInclude.class) != null) {
            throw new IllegalArgumentException(
                    record
                            + ": put @JsonInclude on the components it concerns, where the schema"
                            + " reads it");
        }
        ObjectNode schema = NODES.objectNode().put("type", "object");
        Described described = record.getAnnotation(Described.class);
        if (described != null) {
            schema.put("description", described.value());
        }
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (RecordComponent component : ordered(record)) {
            for (Class<? extends java.lang.annotation.Annotation> unsupported : UNSUPPORTED) {
                if (component.getAccessor().getAnnotation(unsupported) != null) {
                    throw new IllegalArgumentException(
                            record
                                    + "."
                                    + component.getName()
                                    + ": @"
                                    + unsupported.getSimpleName()
                                    + " is not read by the API document; teach RecordSchemas"
                                    + " first");
                }
            }
            String name = jsonName(component);
            Described field = component.getAnnotation(Described.class);
            ObjectNode property = typeOf(component.getGenericType());
            if (field != null) {
                property.put("description", field.value());
            }
            properties.set(name, property);
            JsonInclude include = component.getAccessor().getAnnotation(JsonInclude.class);
            if (include == null || include.value() == JsonInclude.Include.ALWAYS) {
                required.add(name);
            }
        }
        schema.set("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    /**
     * The components in the order Jackson writes them: {@code @JsonPropertyOrder} first, then
     * declaration order.
     */
    private static List<RecordComponent> ordered(Class<?> record) {
        List<RecordComponent> components =
                new java.util.ArrayList<>(List.of(record.getRecordComponents()));
        JsonPropertyOrder order = record.getAnnotation(JsonPropertyOrder.class);
        if (order != null) {
            List<String> names = List.of(order.value());
            components.sort(
                    java.util.Comparator.comparingInt(
                            c -> {
                                int i = names.indexOf(jsonName(c));
                                return i < 0 ? Integer.MAX_VALUE : i;
                            }));
        }
        return components;
    }

    private static String jsonName(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty()
                ? property.value()
                : component.getName();
    }

    private ObjectNode typeOf(Type type) {
        if (type instanceof ParameterizedType generic && generic.getRawType() == List.class) {
            ObjectNode array = scalar("array");
            array.set("items", typeOf(generic.getActualTypeArguments()[0]));
            return array;
        }
        if (type instanceof ParameterizedType generic && generic.getRawType() == Map.class) {
            return scalar("object");
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            return scalar("string");
        }
        if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
            return scalar("integer");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return scalar("boolean");
        }
        if (raw.isRecord()) {
            return ref(raw);
        }
        throw new IllegalArgumentException(
                "No JSON Schema for " + type + ": add it to RecordSchemas");
    }

    private static ObjectNode scalar(String type) {
        return NODES.objectNode().put("type", type);
    }
}
