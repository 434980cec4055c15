<#ftl output_format="plainText">
<#-- keycloak-emporix-auth: change-email. Attributes: user, realmName, link, linkExpirationMinutes, currentEmail, msg. -->
<#if user.firstName?has_content>${msg("emporixGreeting", user.firstName)}<#else>${msg("emporixGreetingAnonymous")}</#if>

${msg("emporixChangeEmailBodyIntro", currentEmail)}

${msg("emporixChangeEmailButton")}: ${link}

${msg("emporixLinkExpiry", linkExpirationMinutes)}

${msg("emporixIgnore")}

${realmName}
