package eu.mlagw.ops;

/**
 * One named check of the node's health, asked at every request of {@code /health/ready}. Must be
 * quick and must not throw (a thrown exception counts as DOWN with its message).
 */
@FunctionalInterface
public interface HealthCheck {
  Result check();

  /** UP or DOWN, and a line for the operator saying what was found. */
  record Result(boolean up, String detail) {
    public static Result up(String detail) {
      return new Result(true, detail);
    }

    public static Result down(String detail) {
      return new Result(false, detail);
    }
  }
}
