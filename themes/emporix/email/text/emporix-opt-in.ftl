<#ftl output_format="plainText">
<#-- keycloak-emporix-auth: opt-in. Attributes: user, realmName, link, linkExpirationMinutes, msg. -->
<#if user.firstName?has_content>${msg("emporixGreeting", user.firstName)}<#else>${msg("emporixGreetingAnonymous")}</#if>

${msg("emporixOptInBodyIntro")}

${msg("emporixOptInButton")}: ${link}

${msg("emporixLinkExpiry", linkExpirationMinutes)}

${msg("emporixIgnore")}

${realmName}
