<#-- keycloak-emporix-auth: email-change-notice, to the address a login e-mail change moves away from. Attributes: user, realmName, newEmail, msg. -->
<#outputformat "HTML">
<html lang="${locale!'en'}">
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#222222">
<p><#if user.firstName?has_content>${msg("emporixGreeting", user.firstName)}<#else>${msg("emporixGreetingAnonymous")}</#if></p>
<p>${msg("emporixEmailChangeNoticeBodyIntro", newEmail)}</p>
<p>${msg("emporixEmailChangeNoticeNotYou")}</p>
<p style="font-size:13px;color:#555555">${realmName}</p>
</body>
</html>
</#outputformat>
