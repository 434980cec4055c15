<#ftl output_format="plainText">
<#-- keycloak-emporix-auth: email-change-notice, to the address a login e-mail change moves away from. Attributes: user, realmName, newEmail, msg. -->
<#if user.firstName?has_content>${msg("emporixGreeting", user.firstName)}<#else>${msg("emporixGreetingAnonymous")}</#if>

${msg("emporixEmailChangeNoticeBodyIntro", newEmail)}

${msg("emporixEmailChangeNoticeNotYou")}

${realmName}
