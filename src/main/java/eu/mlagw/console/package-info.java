/**
 * The web console for IT staff (operators) and auditors: its own HTTPS listener (Undertow, required
 * client certificates mapped to roles), server-rendered HTML with htmx from its webjar, sessions
 * bound to the client certificate, CSRF tokens on every action. It sees the node only through what
 * it is handed ({@link eu.mlagw.console.ExchangeDesk}, the node's monitoring, the auditor service);
 * it knows nothing of routing, transport or Camel.
 */
package eu.mlagw.console;
