<#ftl output_format="plainText">
<#-- keycloak-emporix-auth: password-migration-reminder, on the retention window's reminder day. Attributes: user, realmName, retentionEndDate, msg. -->
<#if user.firstName?has_content>${msg("emporixGreeting", user.firstName)}<#else>${msg("emporixGreetingAnonymous")}</#if>

${msg("emporixPasswordMigrationReminderBodyIntro", retentionEndDate)}

${msg("emporixPasswordMigrationReminderAfter")}

${realmName}
