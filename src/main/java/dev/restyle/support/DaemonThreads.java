package dev.restyle.support;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads that never keep a JVM alive: an executor or a command that is done exits without waiting for them. */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** Daemon threads named {@code <name>-1}, {@code <name>-2}, … */
  public static ThreadFactory named(String name) {
    AtomicInteger number = new AtomicInteger();
    return work -> {
      Thread thread = new Thread(work, name + "-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
