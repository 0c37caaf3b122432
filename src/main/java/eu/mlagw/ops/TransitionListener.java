package eu.mlagw.ops;

/**
 * Told of every state change of an exchange once it is complete (its audit events appended, its
 * evidences issued, its folder moved). Called by the exchange lifecycle on the thread that made the
 * change; an implementation must be quick, thread-safe and must not throw (what it throws is logged
 * and dropped: metrics never stop an exchange).
 */
@FunctionalInterface
public interface TransitionListener {
  TransitionListener NONE = facts -> {};

  void transitioned(TransitionFacts facts);
}
