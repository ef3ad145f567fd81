// Renders the gateway's own description; validatorUrl null keeps the page off the network.
window.ui = SwaggerUIBundle({
  url: '/v3/api-docs',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null
});
