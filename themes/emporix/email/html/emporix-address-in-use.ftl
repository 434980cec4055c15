<#-- keycloak-emporix-auth: address-in-use, to the owner of an address another account asked to sign in with (enumeration-safe tenants). Attributes: user, realmName, msg. -->
<#outputformat "HTML">
<html lang="${locale!'en'}">
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#222222">
<p><#if user.firstName?has_content>${msg("emporixGreeting", user.firstName)}<#else>${msg("emporixGreetingAnonymous")}</#if></p>
<p>${msg("emporixAddressInUseBodyIntro")}</p>
<p style="font-size:13px;color:#555555">${msg("emporixIgnore")}</p>
<p style="font-size:13px;color:#555555">${realmName}</p>
</body>
</html>
</#outputformat>
