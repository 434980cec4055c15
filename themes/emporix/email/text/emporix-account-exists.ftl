<#ftl output_format="plainText">
<#-- keycloak-emporix-auth: account-exists. Attributes: user, realmName, link, linkExpirationMinutes, msg. -->
<#if user.firstName?has_content>${msg("emporixGreeting", user.firstName)}<#else>${msg("emporixGreetingAnonymous")}</#if>

${msg("emporixAccountExistsBodyIntro")}



${msg("emporixIgnore")}

${realmName}
