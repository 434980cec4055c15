<#-- keycloak-emporix-auth: password-migration-reset, after the legacy password hash was removed at the window's end. Attributes: user, realmName, link, linkExpirationMinutes, msg. -->
<#outputformat "HTML">
<html lang="${locale!'en'}">
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#222222">
<p><#if user.firstName?has_content>${msg("emporixGreeting", user.firstName)}<#else>${msg("emporixGreetingAnonymous")}</#if></p>
<p>${msg("emporixPasswordMigrationResetBodyIntro")}</p>
<p><a href="${link}" style="display:inline-block;padding:10px 18px;background:#1f4e79;color:#ffffff;text-decoration:none;border-radius:4px">${msg("emporixResetPasswordButton")}</a></p>
<p style="font-size:13px;color:#555555">${msg("emporixLinkExpiry", linkExpirationMinutes)}</p>
<p style="font-size:12px;color:#777777;word-break:break-all">${link}</p>
<p style="font-size:13px;color:#555555">${realmName}</p>
</body>
</html>
</#outputformat>
