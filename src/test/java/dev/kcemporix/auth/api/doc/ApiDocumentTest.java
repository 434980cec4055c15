package dev.kcemporix.auth.api.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated document as a third-party OpenAPI parser reads it. */
class ApiDocumentTest {

    private final ObjectNode document =
            ApiDocument.forRealm(dev.kcemporix.auth.api.mount.ApiRoutes.TABLE, "demo");

    @Test
    void parsesAsOpenApi31WithoutAMessage() {
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document.toString());
        assertEquals(List.of(), parsed.getMessages());
        assertEquals("3.1.0", parsed.getOpenAPI().getOpenapi());
    }

    /**
     * Relative to where each mount serves the document, so no host name from a request is ever
     * written into it.
     */
    @Test
    void listsBothMountsRelativeToTheDocumentTheAskingMountFirst() {
        assertEquals(".", document.at("/servers/0/url").asText());
        assertEquals("demo", document.at("/servers/0/variables/realm/default").asText());
        assertEquals("../../..", document.at("/servers/1/url").asText());
        ObjectNode root = ApiDocument.forRoot(dev.kcemporix.auth.api.mount.ApiRoutes.TABLE);
        assertEquals("..", root.at("/servers/0/url").asText());
        assertEquals("../realms/{realm}/emporix", root.at("/servers/1/url").asText());
        assertEquals(
                "https://kc.example/realms/demo/emporix/",
                java.net
                        .URI
                        .create("https://kc.example/realms/demo/emporix/openapi.json")
                        .resolve(".")
                        .toString());
        assertEquals(
                "https://kc.example/",
                java.net
                        .URI
                        .create("https://kc.example/emporix/openapi.json")
                        .resolve("..")
                        .toString());
    }

    @Test
    void everyNodeWritesTheSameBytes() {
        assertEquals(
                ApiDocument.forRoot(dev.kcemporix.auth.api.mount.ApiRoutes.TABLE).toString(),
                ApiDocument.forRoot(dev.kcemporix.auth.api.mount.ApiRoutes.TABLE).toString());
        assertTrue(
                document.toString().indexOf("\"email\"")
                        < document.toString().indexOf("\"customerDetails\""));
    }

    @Test
    void everyOperationHasASuccessAnIdAndTheContractsErrors() {
        List<String> ids = new ArrayList<>();
        document.get("paths")
                .fields()
                .forEachRemaining(
                        path ->
                                path.getValue()
                                        .fields()
                                        .forEachRemaining(
                                                op -> {
                                                    JsonNode responses =
                                                            op.getValue().get("responses");
                                                    String where =
                                                            op.getKey() + " " + path.getKey();
                                                    assertTrue(
                                                            responses
                                                                    .fieldNames()
                                                                    .next()
                                                                    .startsWith("2"),
                                                            where + " lists no success first");
                                                    assertTrue(
                                                            responses.has("400")
                                                                    && responses.has("404"),
                                                            where
                                                                    + " lacks the errors every call"
                                                                    + " can meet");
                                                    assertTrue(
                                                            !responses.has("500"),
                                                            where
                                                                    + " lists a server error as an"
                                                                    + " answer");
                                                    // DELETE reads a body too: removing a device
                                                    // takes the password or a code in it.
                                                    assertEquals(
                                                            !op.getKey().equals("get"),
                                                            responses.has("415"),
                                                            where
                                                                    + ": 415 only where a body is"
                                                                    + " read");
                                                    ids.add(
                                                            op.getValue()
                                                                    .get("operationId")
                                                                    .asText());
                                                }));
        assertEquals(ids.size(), ids.stream().distinct().count(), "operation ids repeat: " + ids);
        assertTrue(ids.size() >= 30, "only " + ids.size() + " operations");
    }

    @Test
    void everySpellingTheServerReadsIsDescribedAndARequiredSecretNeedsOneOfThem() {
        JsonNode refresh = document.at("/paths/~1customer~1{tenant}~1refreshauthtoken/get");
        List<String> names = new ArrayList<>();
        refresh.get("parameters").forEach(p -> names.add(p.get("name").asText()));
        assertTrue(
                names.contains("refreshToken") && names.contains("refresh_token"), names::toString);
        refresh.get("parameters")
                .forEach(
                        p ->
                                assertFalse(
                                        p.get("name").asText().startsWith("refresh")
                                                && p.get("required").asBoolean(),
                                        "neither spelling alone is required"));
        assertTrue(
                refresh.get("security").toString().contains("{}"),
                "a refresh may carry no token at all");
        assertTrue(
                refresh.get("security").toString().contains("anonymousToken"),
                "or the visitor's anonymous token");
        JsonNode body =
                document.at(
                        "/paths/~1customer~1{tenant}~1refreshauthtoken/post/requestBody/content/"
                                + "application~1json/schema");
        assertTrue(body.at("/properties/refresh_token").isObject(), body::toString);
        assertTrue(
                body.path("required").isMissingNode(),
                "in the query or the body: required of neither alone " + body);
        JsonNode change =
                document.at(
                        "/paths/~1customer~1{tenant}~1password~1change/post/requestBody/content/"
                                + "application~1json/schema");
        assertTrue(
                change.toString().contains("{\"required\":[\"current_password\"]}"),
                "a secret comes in the body, under one spelling: " + change);
        JsonNode sync =
                document.at(
                        "/paths/~1customer~1{tenant}~1me~1accounts~1internal~1email~1change/post"
                                + "/requestBody/content/application~1json/schema"
                                + "/properties/syncContactEmail/type");
        assertTrue(sync.toString().contains("boolean"), sync::toString);
    }

    @Test
    void bodiesAreClosedAndTheirNamesAreJacksons() {
        JsonNode login = document.at("/components/schemas/CustomerTokenResponse");
        assertEquals(false, login.get("additionalProperties").asBoolean());
        assertTrue(login.at("/properties/access_token").isObject());
        assertTrue(login.at("/properties/refreshTokenExpiresIn").isObject());
        List<String> required = new ArrayList<>();
        login.get("required").forEach(n -> required.add(n.asText()));
        assertTrue(required.contains("session_id"));
        assertTrue(
                !required.contains("saas_token") && !required.contains("initialPassword"),
                "optional fields marked required: " + required);
        assertEquals(
                "string",
                document.at("/components/schemas/ProfileResponse/properties/title/type").asText());
        assertTrue(
                !document.at("/components/schemas/ProfileResponse/required")
                        .toString()
                        .contains("\"title\""),
                "a field that may have no value is required");
    }

    @Test
    void passwordsAreNeverQueryParameters() {
        for (JsonNode path : document.get("paths")) {
            for (JsonNode op : path) {
                for (JsonNode p : op.path("parameters")) {
                    String name = p.get("name").asText();
                    boolean secret = name.toLowerCase().contains("password") || name.equals("otp");
                    assertFalse(secret, "a secret in the query string: " + p);
                }
            }
        }
    }
}
