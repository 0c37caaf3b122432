package eu.mlagw.config;

import java.util.Optional;

/**
 * How alert e-mails leave the node ({@code alerts.smtp:} of gateway.yaml). The password never
 * appears here: {@code passwordEnv} / {@code passwordFile} name where it is read. Immutable.
 *
 * @param host the SMTP server
 * @param port its port (default 587 with STARTTLS, else 25)
 * @param starttls whether the connection must be upgraded with STARTTLS before anything is sent
 * @param user the SMTP login, if the server wants one
 * @param password where the SMTP password comes from (an environment variable, else a file), if {@code user} is set
 * @param from the sender address of the alert e-mails
 */
public record SmtpSettings(String host, int port, boolean starttls, Optional<String> user,
    Optional<SecretSource> password, String from) {}
