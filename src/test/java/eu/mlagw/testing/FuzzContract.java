package eu.mlagw.testing;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;

/**
 * The contract every fuzz harness (*FuzzTest) checks: hostile input is either accepted or refused
 * with a {@link GatewayException} (any subclass) whose reason code names the problem. Anything
 * else is a finding, which Jazzer reports with the input that caused it:
 *
 * <ul>
 *   <li>any other exception or Error escaping the parser (RuntimeException, StackOverflowError,
 *       OutOfMemoryError, …) — it propagates unchanged;
 *   <li>a refusal as {@link ReasonCode#IO_ERROR} — the harnesses read from memory or a healthy temp
 *       folder, so "the disk failed" is a misreported malformed input;
 *   <li>a plain {@link IOException} from a stream API that documents {@link GatewayIOException}.
 * </ul>
 *
 * <p>Regression: {@code mvn verify} runs every harness over its committed inputs (surefire
 * execution {@code fuzz}, a JVM of its own). Fuzzing on demand, one harness per JVM (Jazzer refuses
 * more): {@code JAZZER_FUZZ=1 mvn test-compile surefire:test@fuzz -Dtest='EnvelopeFuzzTest#inspect'}.
 * A run lasts at most {@link #MAX_DURATION} (change it here to fuzz longer) and stops at the first
 * finding ({@code -Djazzer.keep_going=N} goes on to N distinct ones); Jazzer writes each crashing
 * input into the harness's inputs folder under src/test/resources, where it becomes a regression
 * input. A hang is an input slower than libFuzzer's -timeout: pass it as
 * {@code -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-timeout=20} (a JUnit @Timeout would
 * instead bound the whole fuzzing run). Only eu.mlagw classes guide the fuzzer by default; add a library's parser with e.g.
 * {@code -Djazzer.instrumentation_includes='eu.mlagw.**:org.apache.pdfbox.**'}.
 */
public final class FuzzContract {
  /** Longest fuzzing run of one harness (JAZZER_FUZZ=1); regression runs are not affected. */
  public static final String MAX_DURATION = "2m";

  private FuzzContract() {}

  /** A call into a parser with hostile input. */
  @FunctionalInterface
  public interface HostileCall {
    void run() throws Exception;
  }

  /** Runs {@code call}; returns normally if it accepted or properly refused the input. */
  public static void acceptOrRefuse(HostileCall call) throws Exception {
    try {
      call.run();
    } catch (GatewayException e) {
      check(e);
    } catch (GatewayIOException e) {
      check(e.gatewayException());
    } catch (IOException e) {
      throw new AssertionError("plain " + e.getClass().getName() + " instead of a refusal with a reason code: "
          + e.getMessage(), e);
    }
  }

  private static void check(GatewayException e) {
    if (e.reason() == ReasonCode.IO_ERROR) {
      throw new AssertionError("hostile input refused as IO_ERROR (a disk failure) instead of naming the "
          + "problem: " + e.getMessage(), e);
    }
  }
}
