// The page sits beside openapi.json on either mount (/emporix/docs, /realms/{t}/emporix/docs).
window.ui = SwaggerUIBundle({
  url: new URL("openapi.json", window.location.href).toString(),
  dom_id: "#swagger-ui",
  deepLinking: true,
  displayRequestDuration: true,
  // Swagger UI would otherwise send the document's address to validator.swagger.io on every view.
  validatorUrl: null
});
