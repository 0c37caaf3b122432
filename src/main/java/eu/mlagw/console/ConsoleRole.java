package eu.mlagw.console;

/**
 * What a console user may do, from the key purpose of their client certificate: an operator sees
 * and acts on exchanges; an auditor searches, verifies and exports the audit log (metadata and
 * evidences only, never documents).
 */
public enum ConsoleRole {
  OPERATOR,
  AUDITOR
}
