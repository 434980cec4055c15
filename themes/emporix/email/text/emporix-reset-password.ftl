<#ftl output_format="plainText">
<#-- keycloak-emporix-auth: reset-password. Attributes: user, realmName, link, linkExpirationMinutes, msg. -->
<#if user.firstName?has_content>${msg("emporixGreeting", user.firstName)}<#else>${msg("emporixGreetingAnonymous")}</#if>

${msg("emporixResetPasswordBodyIntro")}

${msg("emporixResetPasswordButton")}: ${link}

${msg("emporixLinkExpiry", linkExpirationMinutes)}

${msg("emporixIgnore")}

${realmName}
