<#-- keycloak-emporix-auth: sign-in-notice, to a customer whose way of signing in changed. Attributes: user, realmName, change (PASSWORD, EMAIL, OTP_ADDED, OTP_REMOVED, PASSKEY_ADDED, PASSKEY_REMOVED, ASSISTED), newEmail, msg. -->
<#outputformat "HTML">
<html lang="${locale!'en'}">
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#222222">
<p><#if user.firstName?has_content>${msg("emporixGreeting", user.firstName)}<#else>${msg("emporixGreetingAnonymous")}</#if></p>
<p>${msg("emporixSignInNotice_" + change, newEmail)}</p>
<p>${msg("emporixSignInNoticeNotYou")}</p>
<p style="font-size:13px;color:#555555">${realmName}</p>
</body>
</html>
</#outputformat>
