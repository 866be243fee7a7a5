package org.villagecast.controller.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's security extension: anonymous clients are accepted from this machine
 * (loopback) and refused from anywhere else. No broker credentials exist yet, so this is the only
 * safe rule; without a security extension, embedded HiveMQ lets every client in ("default
 * authentication behavior ALLOW ALL"). HiveMQ starts extensions before its listeners, so no client
 * gets in before this rule is in place.
 */
final class LoopbackOnlyAccess implements ExtensionMain {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
  private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    SimpleAuthenticator authenticator = this::authenticate;
    Services.securityRegistry().setAuthenticatorProvider(ignored -> authenticator);
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}

  /** Clients refused since the start. */
  long refused() {
    return refused.get();
  }

  private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
    InetAddress peer = input.getConnectionInformation().getInetAddress().orElse(null);
    if (peer != null && peer.isLoopbackAddress()) {
      output.authenticateSuccessfully();
      return;
    }
    refused.incrementAndGet();
    logRefusal(input.getClientInformation().getClientId(), peer);
    output.failAuthentication(
        ConnackReasonCode.NOT_AUTHORIZED,
        "the embedded broker accepts clients from its own machine only");
  }

  /** At most one line a minute: a misconfigured fleet would otherwise flood the log. */
  private void logRefusal(String clientId, InetAddress peer) {
    long now = System.nanoTime();
    long last = lastLog.get();
    if (now - last < LOG_EVERY_NANOS || !lastLog.compareAndSet(last, now)) {
      return;
    }
    LOG.warn(
        "Refused MQTT client '{}' from {} ({} refused so far): the embedded broker accepts"
            + " anonymous clients from this machine only; terminals on other hosts need an"
            + " external broker with per-terminal credentials.",
        clientId,
        peer == null ? "an unknown address" : peer.getHostAddress(),
        refused.get());
  }
}
