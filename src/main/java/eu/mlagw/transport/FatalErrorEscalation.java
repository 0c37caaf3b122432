package eu.mlagw.transport;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Hands a {@link VirtualMachineError} (OutOfMemoryError, StackOverflowError) that reached CXF to the
 * thread's uncaught-exception handler instead of letting CXF answer it as a SOAP fault.
 *
 * <p>Why: CXF catches every Throwable of a service call and turns it into a fault, so such an Error
 * would never end the request thread and the node would go on in an unknown state on a shared
 * worker thread. {@code mlagw run} installs {@code routing.FatalErrors} as the default handler, which
 * logs one line and halts the process for the supervisor to restart it; where no handler is installed
 * (tests, tools) the JVM's default prints it and the fault is answered as before. transport/ does not
 * depend on routing/: the handler is found through the thread, not named here.
 */
final class FatalErrorEscalation extends AbstractPhaseInterceptor<Message> {
  FatalErrorEscalation() {
    super(Phase.SETUP);
  }

  @Override
  public void handleMessage(Message message) throws Fault {
    VirtualMachineError fatal = fatalCause(message.getContent(Exception.class));
    if (fatal != null) {
      Thread thread = Thread.currentThread();
      Thread.UncaughtExceptionHandler handler = thread.getUncaughtExceptionHandler();
      handler.uncaughtException(thread, fatal);
    }
  }

  /** The VirtualMachineError in {@code e}'s cause chain (at most 32 links deep), or null. */
  static VirtualMachineError fatalCause(Throwable e) {
    for (int depth = 0; e != null && depth < 32; depth++, e = e.getCause()) {
      if (e instanceof VirtualMachineError v) {
        return v;
      }
    }
    return null;
  }
}
