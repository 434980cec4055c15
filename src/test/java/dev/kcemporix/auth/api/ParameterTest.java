package dev.kcemporix.auth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ParameterTest {

    @Test
    void aCamelCaseNameIsAlsoReadInSnakeCase() {
        assertEquals(
                Set.of("refreshToken", "refresh_token"),
                Parameter.named("refreshToken").spellings());
    }

    @Test
    void aSnakeCaseNameIsAlsoReadInCamelCase() {
        assertEquals(Set.of("client_id", "clientId"), Parameter.named("client_id").spellings());
    }

    @Test
    void aliasesKeepTheirOwnSpelling() {
        assertEquals(
                Set.of("tenant", "hybris-tenant"),
                Parameter.named("tenant", "hybris-tenant").spellings());
    }

    @Test
    void longerNamesConvertEveryWord() {
        assertEquals("legal_entity_id", Parameter.snakeCase("legalEntityId"));
        assertEquals("legalEntityId", Parameter.camelCase("legal_entity_id"));
    }
}
