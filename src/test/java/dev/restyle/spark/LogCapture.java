package dev.restyle.spark;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures, in memory, everything this JVM logs through log4j while open: the root logger (all libraries,
 * Spark's executor threads included) at INFO, and the given loggers at DEBUG. Loggers that the test
 * configuration turns off or down are opened up to INFO meanwhile. The console keeps showing only what it
 * showed before, so the extra verbosity stays out of the build's output. {@link #close()} restores it all.
 */
final class LogCapture implements AutoCloseable {

  private final LoggerContext context;
  private final Configuration config;
  private final Appender appender;
  private final StringBuilder text = new StringBuilder();
  private final Level rootLevel;
  private final Map<String, Level> levels = new HashMap<>();
  private final Map<String, Level> rootRefLevels = new HashMap<>();
  private final List<String> added = new ArrayList<>();

  LogCapture(String... debugLoggers) {
    context = (LoggerContext) LogManager.getContext(false);
    config = context.getConfiguration();
    appender = new AbstractAppender("restyle-log-capture", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        StringWriter line = new StringWriter();
        line.append(event.getLevel().toString()).append(' ').append(event.getLoggerName()).append(": ")
            .append(event.getMessage().getFormattedMessage()).append('\n');
        if (event.getThrown() != null) {
          event.getThrown().printStackTrace(new PrintWriter(line));
        }
        synchronized (text) {
          text.append(line);
        }
      }
    };
    appender.start();
    config.addAppender(appender);

    LoggerConfig root = config.getRootLogger();
    rootLevel = root.getLevel();
    // Keep the console (and any other appender) at what it received before: filter it at the old level.
    for (AppenderRef ref : root.getAppenderRefs()) {
      rootRefLevels.put(ref.getRef(), ref.getLevel());
    }
    for (Map.Entry<String, Appender> existing : root.getAppenders().entrySet()) {
      Level refLevel = rootRefLevels.get(existing.getKey());
      root.removeAppender(existing.getKey());
      root.addAppender(existing.getValue(), stricter(refLevel, rootLevel), null);
    }
    root.addAppender(appender, null, null);
    root.setLevel(Level.INFO);
    for (LoggerConfig logger : config.getLoggers().values()) {
      if (logger != root) {
        levels.put(logger.getName(), logger.getLevel());
        logger.setLevel(isDebug(logger.getName(), debugLoggers) ? Level.DEBUG : Level.INFO);
      }
    }
    for (String name : debugLoggers) {
      if (!config.getLoggers().containsKey(name)) {
        config.addLogger(name, new LoggerConfig(name, Level.DEBUG, true));
        added.add(name);
      }
    }
    context.updateLoggers();
  }

  /** Everything logged so far, one event per line (stack traces included). */
  String text() {
    synchronized (text) {
      return text.toString();
    }
  }

  @Override
  public void close() {
    for (String name : added) {
      config.removeLogger(name);
    }
    levels.forEach((name, level) -> {
      LoggerConfig logger = config.getLoggers().get(name);
      if (logger != null) {
        logger.setLevel(level);
      }
    });
    LoggerConfig root = config.getRootLogger();
    root.removeAppender(appender.getName());
    for (Map.Entry<String, Appender> existing : root.getAppenders().entrySet()) {
      root.removeAppender(existing.getKey());
      root.addAppender(existing.getValue(), rootRefLevels.get(existing.getKey()), null);
    }
    root.setLevel(rootLevel);
    context.updateLoggers();
    appender.stop();
  }

  private static boolean isDebug(String name, String[] debugLoggers) {
    for (String prefix : debugLoggers) {
      if (name.equals(prefix) || name.startsWith(prefix + ".")) {
        return true;
      }
    }
    return false;
  }

  private static Level stricter(Level a, Level b) {
    if (a == null) {
      return b;
    }
    return a.isMoreSpecificThan(b) ? a : b;
  }
}
