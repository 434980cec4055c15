<#ftl output_format="plainText">
<#-- keycloak-emporix-auth: address-in-use, to the owner of an address another account asked to sign in with (enumeration-safe tenants). Attributes: user, realmName, msg. -->
<#if user.firstName?has_content>${msg("emporixGreeting", user.firstName)}<#else>${msg("emporixGreetingAnonymous")}</#if>

${msg("emporixAddressInUseBodyIntro")}

${msg("emporixIgnore")}

${realmName}
