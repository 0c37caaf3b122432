package eu.mlagw.audit.hazelcast;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of the events appended on one member: concurrent callers queue their event templates;
 * a few worker threads each take what is queued (up to {@code maxBatch}) and place it as one batch
 * (one ordering step, one database transaction, one putAll), then forces the database to the disk
 * outside the ordering step, where one sync may cover the batches of several workers. Every caller
 * waits until its own batch is durable. Order across members is decided by the chain head alone.
 */
final class GroupCommit implements AutoCloseable {
  /** Templates that must stay together (contiguous, in order) and the future of the first one's sequence. */
  private record Waiting(List<byte[]> templates, CompletableFuture<Long> sequence) {}

  private static final long WAIT_SECONDS = 90;
  private final Chain chain;
  private final Runnable forceToDisk;
  private final int maxBatch;
  private final LinkedBlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean closed;

  GroupCommit(Chain chain, Runnable forceToDisk, String name, int workerCount, int maxBatch) {
    this.chain = chain;
    this.forceToDisk = forceToDisk;
    this.maxBatch = maxBatch;
    for (int i = 0; i < workerCount; i++) {
      Thread t = new Thread(this::work, "mlagw-audit-commit-" + name + "-" + i);
      t.setDaemon(true);
      t.start();
      workers.add(t);
    }
  }

  /** Appends one event template; returns its sequence number once it is durable. */
  long append(byte[] template) {
    return appendAll(List.of(template));
  }

  /**
   * Appends event templates that belong together (the events of one step), in one batch: they get
   * contiguous sequence numbers and become durable together. Returns the first one's sequence number.
   */
  long appendAll(List<byte[]> templates) {
    if (closed) {
      throw new AuditStoreException("the audit store is closed");
    }
    if (templates.isEmpty()) {
      throw new IllegalArgumentException("nothing to append");
    }
    Waiting w = new Waiting(List.copyOf(templates), new CompletableFuture<>());
    queue.add(w);
    try {
      // never wait forever: a worker gives up on a batch after its retries (30 s); allow twice that
      return w.sequence().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditStoreException("interrupted while waiting for an audit event to become durable; it may or may "
          + "not be in the log", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AuditStoreException("an audit event was not confirmed durable within " + WAIT_SECONDS + " s; treat "
          + "the step as not recorded (the event may still appear in the log)", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AuditStoreException(e.getCause().getMessage(), e.getCause());
    }
  }

  private void work() {
    List<Waiting> batch = new ArrayList<>(maxBatch);
    while (!closed || !queue.isEmpty()) {
      try {
        Waiting first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.clear();
        batch.add(first);
        // about maxBatch templates (the last caller's group may go past it): a caller's group is never split
        int count = first.templates().size();
        for (Waiting next; count < maxBatch && (next = queue.poll()) != null; ) {
          batch.add(next);
          count += next.templates().size();
        }
        List<byte[]> templates = new ArrayList<>(count);
        batch.forEach(w -> templates.addAll(w.templates()));
        try {
          long seq = chain.append(templates, true);
          forceToDisk.run();
          for (Waiting w : batch) {
            w.sequence().complete(seq);
            seq += w.templates().size();
          }
        } catch (RuntimeException e) {
          batch.forEach(w -> w.sequence().completeExceptionally(e));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Finishes what is queued, then stops the workers. */
  @Override
  public void close() {
    closed = true;
    for (Thread t : workers) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (Waiting w; (w = queue.poll()) != null; ) {
      w.sequence().completeExceptionally(new AuditStoreException("the audit store was closed before this event was "
          + "recorded"));
    }
  }
}
