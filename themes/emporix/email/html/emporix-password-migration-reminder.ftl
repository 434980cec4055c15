<#-- keycloak-emporix-auth: password-migration-reminder, on the retention window's reminder day. Attributes: user, realmName, retentionEndDate, msg. -->
<#outputformat "HTML">
<html lang="${locale!'en'}">
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#222222">
<p><#if user.firstName?has_content>${msg("emporixGreeting", user.firstName)}<#else>${msg("emporixGreetingAnonymous")}</#if></p>
<p>${msg("emporixPasswordMigrationReminderBodyIntro", retentionEndDate)}</p>
<p>${msg("emporixPasswordMigrationReminderAfter")}</p>
<p style="font-size:13px;color:#555555">${realmName}</p>
</body>
</html>
</#outputformat>
