<#ftl output_format="plainText">
<#-- keycloak-emporix-auth: sign-in-notice, to a customer whose way of signing in changed. Attributes: user, realmName, change (PASSWORD, EMAIL, OTP_ADDED, OTP_REMOVED, PASSKEY_ADDED, PASSKEY_REMOVED, ASSISTED), newEmail, msg. -->
<#if user.firstName?has_content>${msg("emporixGreeting", user.firstName)}<#else>${msg("emporixGreetingAnonymous")}</#if>

${msg("emporixSignInNotice_" + change, newEmail)}

${msg("emporixSignInNoticeNotYou")}

${realmName}
