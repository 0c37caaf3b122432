package eu.mlagw.ops;

import eu.mlagw.config.SmtpSettings;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Sends alert e-mails over SMTP (Jakarta Mail, Angus): STARTTLS required when configured (the
 * server's certificate checked against the JDK's trust store), login when a user is configured,
 * the password read from its environment variable or file at each sending and wiped after.
 */
public final class AlertMailer {
  private static final int TIMEOUT_MILLIS = 20_000;
  private final SmtpSettings smtp;
  private final List<String> to;
  private final Map<String, String> environment;

  public AlertMailer(SmtpSettings smtp, List<String> to, Map<String, String> environment) {
    this.smtp = smtp;
    this.to = List.copyOf(to);
    this.environment = Map.copyOf(environment);
  }

  /**
   * Sends one e-mail to every configured address.
   *
   * @throws GatewayException ALERT_MAIL_FAILED naming the server and what it said
   */
  public void send(String subject, String body) throws GatewayException {
    Properties p = new Properties();
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", Integer.toString(smtp.port()));
    p.put("mail.smtp.connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
    p.put("mail.smtp.timeout", Integer.toString(TIMEOUT_MILLIS));
    p.put("mail.smtp.writetimeout", Integer.toString(TIMEOUT_MILLIS));
    if (smtp.starttls()) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
      p.put("mail.smtp.ssl.checkserveridentity", "true");
    }
    p.put("mail.smtp.auth", Boolean.toString(smtp.user().isPresent()));
    Session session = Session.getInstance(p);
    char[] password = null;
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(smtp.from()));
      for (String address : to) {
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(address));
      }
      message.setSubject(subject, "UTF-8");
      message.setText(body, "UTF-8");
      message.setSentDate(new Date());
      if (smtp.user().isPresent()) {
        password = smtp.password().orElseThrow().resolve(environment);
        Transport.send(message, smtp.user().get(), new String(password));
      } else {
        Transport.send(message);
      }
    } catch (MessagingException e) {
      throw new GatewayException(ReasonCode.ALERT_MAIL_FAILED, "the alert e-mail to " + String.join(", ", to)
          + " could not be sent through " + smtp.host() + ":" + smtp.port() + " (" + e.getMessage() + "); check "
          + "alerts.smtp in gateway.yaml and that the server accepts this node", e);
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }
}
