package eu.mlagw.routing;

import eu.mlagw.ops.TransitionFacts;
import eu.mlagw.ops.TransitionListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a {@link TransitionListener} of a completed {@link Transition}, as {@link TransitionFacts}.
 * Never throws: a listener's failure is logged once per kind and the exchange goes on.
 */
final class TransitionNotice {
  private static final Logger LOG = LoggerFactory.getLogger(TransitionNotice.class);

  private TransitionNotice() {}

  static void tell(TransitionListener listener, Transition t, boolean senderSide, long packageBytes, Instant at) {
    if (listener == TransitionListener.NONE) {
      return;
    }
    try {
      List<String> events = new ArrayList<>();
      Map<String, String> details = new HashMap<>();
      String reason = null;
      for (Transition.Event e : t.events()) {
        events.add(e.type().name());
        details.putAll(e.details());
        if (reason == null && e.reason() != null) {
          reason = e.reason().name();
        }
      }
      listener.transitioned(new TransitionFacts(t.exchangeId(), senderSide ? TransitionFacts.Side.SENDER
          : TransitionFacts.Side.RECIPIENT, t.state(), events, reason, details,
          t.sending() == null ? null : t.sending().givesUpAt(), packageBytes, at));
    } catch (RuntimeException e) {
      LOG.warn("exchange {}: the metrics of its state change were not recorded: {}", t.exchangeId(), e.toString());
    }
  }
}
