package org.villagecast.controller;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The one Vert.x context that owns the hub's live state (registry, deliveries). Every change to
 * that state runs here, so it needs no locks; other threads (HTTP, Paho, workers) hop in through
 * {@link #call} and {@link #run}. Blocking work (JDBC) goes out through {@link #blocking}.
 */
public final class HubContext {
  private final Vertx vertx;
  private final Context context;

  public HubContext(Vertx vertx, Context context) {
    this.vertx = vertx;
    this.context = context;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Context context() {
    return context;
  }

  public boolean isCurrent() {
    return Vertx.currentContext() == context;
  }

  /** Runs on the hub context; a thrown exception fails the future. */
  public <T> Future<T> call(Supplier<T> action) {
    return callAsync(() -> Future.succeededFuture(action.get()));
  }

  /** Runs on the hub context and completes with the future it returns. */
  public <T> Future<T> callAsync(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    if (isCurrent()) {
      completeWith(action, promise);
    } else {
      context.runOnContext(ignored -> completeWith(action, promise));
    }
    return promise.future();
  }

  /** Runs on the hub context, now if already there. */
  public void run(Runnable action) {
    if (isCurrent()) {
      action.run();
    } else {
      context.runOnContext(ignored -> action.run());
    }
  }

  /** Runs a blocking call on a worker thread; the future completes on the hub context. */
  public <T> Future<T> blocking(Callable<T> call) {
    Promise<T> promise = Promise.promise();
    context.executeBlocking(call, false).onComplete(promise);
    return promise.future();
  }

  private static <T> void completeWith(Supplier<Future<T>> action, Promise<T> promise) {
    try {
      action.get().onComplete(promise);
    } catch (RuntimeException e) {
      promise.fail(e);
    }
  }
}
