package org.villagecast.controller.ops;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the hub can do its work now: a set of named checks (the store answers, the broker is
 * connected), each given a time limit. A check that fails, throws or is late counts as not ready.
 */
public final class Readiness {
  private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

  /** One part of readiness. Must not block: wrap blocking probes with {@link #blocking}. */
  @FunctionalInterface
  public interface Check {
    Future<Boolean> ready();
  }

  /** The outcome: each check's verdict, in the order they were added. */
  public record Report(Map<String, Boolean> checks) {
    public Report {
      checks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    }

    public boolean ready() {
      return checks.values().stream().allMatch(Boolean::booleanValue);
    }

    /** The names of the checks that are not ready. */
    public List<String> notReady() {
      return checks.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
    }
  }

  private final Vertx vertx;
  private final Duration timeout;
  private final Map<String, Check> checks = new LinkedHashMap<>();

  public Readiness(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.timeout = timeout;
  }

  /** Adds a named check ("store", "broker"). */
  public Readiness add(String name, Check check) {
    checks.put(name, check);
    return this;
  }

  /** A check from a blocking probe (e.g. a database ping), run on a worker thread. */
  public static Check blocking(Vertx vertx, BooleanSupplier probe) {
    return () -> vertx.executeBlocking(probe::getAsBoolean, false);
  }

  /** Runs every check at once and reports each verdict; never fails. */
  public Future<Report> check() {
    List<String> names = new ArrayList<>(checks.keySet());
    List<Future<Boolean>> verdicts = new ArrayList<>();
    for (String name : names) {
      verdicts.add(limited(name, checks.get(name)));
    }
    return Future.join(verdicts)
        .transform(
            done -> {
              Map<String, Boolean> result = new LinkedHashMap<>();
              for (int i = 0; i < names.size(); i++) {
                Future<Boolean> verdict = verdicts.get(i);
                result.put(
                    names.get(i), verdict.succeeded() && Boolean.TRUE.equals(verdict.result()));
              }
              return Future.succeededFuture(new Report(result));
            });
  }

  private Future<Boolean> limited(String name, Check check) {
    Promise<Boolean> promise = Promise.promise();
    long timer =
        vertx.setTimer(
            Math.max(1, timeout.toMillis()),
            id -> {
              if (promise.tryComplete(false)) {
                LOG.warn(
                    "Readiness check '{}' did not answer within {} ms", name, timeout.toMillis());
              }
            });
    Future<Boolean> verdict;
    try {
      verdict = check.ready();
    } catch (RuntimeException e) {
      verdict = Future.failedFuture(e);
    }
    verdict.onComplete(
        done -> {
          vertx.cancelTimer(timer);
          if (done.failed()) {
            LOG.warn("Readiness check '{}' failed: {}", name, done.cause().toString());
          }
          promise.tryComplete(done.succeeded() && Boolean.TRUE.equals(done.result()));
        });
    return promise.future();
  }
}
