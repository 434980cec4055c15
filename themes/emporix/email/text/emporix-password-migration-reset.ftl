<#ftl output_format="plainText">
<#-- keycloak-emporix-auth: password-migration-reset, after the legacy password hash was removed at the window's end. Attributes: user, realmName, link, linkExpirationMinutes, msg. -->
<#if user.firstName?has_content>${msg("emporixGreeting", user.firstName)}<#else>${msg("emporixGreetingAnonymous")}</#if>

${msg("emporixPasswordMigrationResetBodyIntro")}

${msg("emporixResetPasswordButton")}: ${link}

${msg("emporixLinkExpiry", linkExpirationMinutes)}

${realmName}
