package org.villagecast.protocol.link.mqtt;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.villagecast.protocol.link.LinkException;
import org.villagecast.protocol.link.LinkException.Reason;

/**
 * Turns Paho's exceptions and MQTT 5 reason codes into {@link LinkException}s that say what
 * happened and what to do. Paho's own messages ("Unable to connect to server (32103)") name the
 * symptom, not the fix.
 */
final class MqttErrors {
  private MqttErrors() {}

  // MQTT 5 reason codes (OASIS MQTT 5.0, section 2.4): CONNACK, PUBACK, SUBACK, DISCONNECT.
  static final int UNSUPPORTED_PROTOCOL_VERSION = 0x84;
  static final int CLIENT_ID_NOT_VALID = 0x85;
  static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
  static final int NOT_AUTHORIZED = 0x87;
  static final int SERVER_UNAVAILABLE = 0x88;
  static final int SERVER_BUSY = 0x89;
  static final int BANNED = 0x8A;
  static final int BAD_AUTHENTICATION_METHOD = 0x8C;
  static final int TOPIC_FILTER_INVALID = 0x8F;
  static final int QUOTA_EXCEEDED = 0x97;
  static final int USE_ANOTHER_SERVER = 0x9C;
  static final int SERVER_MOVED = 0x9D;
  static final int SHARED_SUBSCRIPTIONS_NOT_SUPPORTED = 0x9E;
  static final int CONNECTION_RATE_EXCEEDED = 0x9F;

  /** Why a connection attempt to the broker failed. */
  static LinkException connectFailed(MqttLinkConfig config, Throwable error) {
    String broker = "MQTT broker " + config.brokerUrl();
    if (!(error instanceof MqttException paho)) {
      return new LinkException(Reason.IO_ERROR, broker + ": connection failed: " + error, error);
    }
    int code = paho.getReasonCode();
    Throwable cause = paho.getCause();
    String detail = " (Paho reason code " + code + ")";
    if (cause instanceof UnknownHostException) {
      return new LinkException(
          Reason.BROKER_UNREACHABLE,
          broker
              + " unreachable: unknown host '"
              + cause.getMessage()
              + "'; check the host name in the URL"
              + detail,
          paho);
    }
    if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
      String what =
          cause instanceof NoRouteToHostException
              ? "no route to host"
              : lowerCase(cause.getMessage(), "connection refused");
      return new LinkException(
          Reason.BROKER_UNREACHABLE,
          broker + " unreachable: " + what + "; is the broker running and the URL right?" + detail,
          paho);
    }
    if (cause instanceof SocketTimeoutException) {
      return new LinkException(
          Reason.BROKER_UNREACHABLE,
          broker
              + " unreachable: no TCP answer within "
              + config.connectTimeout().toSeconds()
              + " s; check the host, the port and any firewall in between"
              + detail,
          paho);
    }
    if (cause instanceof SSLException) {
      return new LinkException(
          Reason.IO_ERROR,
          broker
              + ": TLS handshake failed: "
              + cause.getMessage()
              + "; check certificates"
              + detail,
          paho);
    }
    if (code == MqttClientException.REASON_CODE_CLIENT_TIMEOUT) {
      return connectTimedOut(config);
    }
    if (code > 0 && code < 0x100) {
      return connectRefused(config, code, paho);
    }
    if (cause instanceof IOException) {
      return new LinkException(
          Reason.BROKER_UNREACHABLE, broker + " unreachable: " + cause.getMessage() + detail, paho);
    }
    return new LinkException(
        Reason.IO_ERROR, broker + ": connection failed: " + paho.getMessage() + detail, paho);
  }

  /** The broker answered CONNECT with a failure reason code in its CONNACK. */
  static LinkException connectRefused(MqttLinkConfig config, int code, Throwable paho) {
    String broker = "MQTT broker " + config.brokerUrl();
    String rc = String.format(" (reason code 0x%02X)", code);
    String user = config.username();
    return switch (code) {
      case BAD_USER_NAME_OR_PASSWORD, BAD_AUTHENTICATION_METHOD ->
          new LinkException(
              Reason.BAD_CREDENTIALS,
              user == null
                  ? broker
                      + " requires a user name and password (anonymous connection refused"
                      + rc
                      + "); configure credentials"
                  : broker
                      + " refused the credentials for user '"
                      + user
                      + "' (bad user name or password"
                      + rc
                      + "); check the user name and password",
              paho);
      // At CONNECT time the only thing a broker authorises is the identity, and mosquitto 2
      // answers a wrong password with 0x87 rather than 0x86: treat both as a credentials problem.
      case NOT_AUTHORIZED ->
          new LinkException(
              Reason.BAD_CREDENTIALS,
              user == null
                  ? broker
                      + " refused an anonymous connection (not authorized"
                      + rc
                      + "); configure a user name and password"
                  : broker
                      + " refused the credentials for user '"
                      + user
                      + "' (bad user name or password, or the user may not connect: not authorized"
                      + rc
                      + "); check the user name, the password and the broker's user list",
              paho);
      case BANNED ->
          new LinkException(
              Reason.NOT_AUTHORIZED,
              broker
                  + " has banned client '"
                  + config.clientId()
                  + "'"
                  + rc
                  + "; ask its administrator",
              paho);
      case SERVER_UNAVAILABLE,
              SERVER_BUSY,
              USE_ANOTHER_SERVER,
              SERVER_MOVED,
              QUOTA_EXCEEDED,
              CONNECTION_RATE_EXCEEDED ->
          new LinkException(
              Reason.BROKER_UNREACHABLE,
              broker
                  + " is not accepting connections now: "
                  + reasonName(code)
                  + rc
                  + "; try later",
              paho);
      case UNSUPPORTED_PROTOCOL_VERSION ->
          new LinkException(
              Reason.IO_ERROR,
              broker
                  + " does not speak MQTT 5"
                  + rc
                  + "; use an MQTT 5 broker (mosquitto 2, EMQX, HiveMQ)",
              paho);
      case CLIENT_ID_NOT_VALID ->
          new LinkException(
              Reason.IO_ERROR,
              broker
                  + " rejected the client id '"
                  + config.clientId()
                  + "'"
                  + rc
                  + "; use letters and digits only, or check its length limit",
              paho);
      default ->
          new LinkException(
              Reason.IO_ERROR, broker + " refused the connection: " + reasonName(code) + rc, paho);
    };
  }

  /** No CONNACK arrived within the connect timeout. */
  static LinkException connectTimedOut(MqttLinkConfig config) {
    return new LinkException(
        Reason.TIMEOUT,
        "MQTT broker "
            + config.brokerUrl()
            + " did not complete the connection within "
            + config.connectTimeout().toMillis()
            + " ms (no CONNACK); is something other than an MQTT broker listening on that port,"
            + " or is the broker overloaded?");
  }

  /** A publish, subscribe or unsubscribe failed in Paho. */
  static LinkException operationFailed(String what, Throwable error) {
    if (!(error instanceof MqttException paho)) {
      return new LinkException(Reason.IO_ERROR, what + " failed: " + error, error);
    }
    int code = paho.getReasonCode();
    String detail = " (Paho reason code " + code + ")";
    switch (code) {
      case MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED,
          MqttClientException.REASON_CODE_CONNECTION_LOST,
          MqttClientException.REASON_CODE_CLIENT_DISCONNECTING,
          MqttClientException.REASON_CODE_CLIENT_ALREADY_DISCONNECTED,
          MqttClientException.REASON_CODE_CLIENT_CLOSED,
          MqttClientException.REASON_CODE_SERVER_DISCONNECTED:
        return new LinkException(
            Reason.DISCONNECTED,
            what
                + " failed: not connected to the broker; the link reconnects by itself, try again"
                + " when it is back"
                + detail,
            paho);
      case MqttClientException.REASON_CODE_CLIENT_TIMEOUT,
          MqttClientException.REASON_CODE_WRITE_TIMEOUT:
        return new LinkException(Reason.TIMEOUT, what + " timed out" + detail, paho);
      case MqttClientException.REASON_CODE_MAX_INFLIGHT:
        return new LinkException(
            Reason.IO_ERROR,
            what
                + " failed: too many QoS 1/2 messages awaiting acknowledgement; slow down"
                + detail,
            paho);
      default:
        if (code >= 0x80 && code < 0x100) {
          return refused(what, code);
        }
        return new LinkException(
            Reason.IO_ERROR, what + " failed: " + paho.getMessage() + detail, paho);
    }
  }

  /** The broker answered a PUBLISH, SUBSCRIBE or UNSUBSCRIBE with a failure reason code. */
  static LinkException refused(String what, int code) {
    String rc = String.format(" (reason code 0x%02X)", code);
    return switch (code) {
      case NOT_AUTHORIZED ->
          new LinkException(
              Reason.NOT_AUTHORIZED,
              what
                  + " refused by the broker: not authorized"
                  + rc
                  + "; the broker's access control list does not allow this user on that topic");
      case SHARED_SUBSCRIPTIONS_NOT_SUPPORTED ->
          new LinkException(
              Reason.IO_ERROR,
              what
                  + " refused by the broker: shared subscriptions not supported"
                  + rc
                  + "; use an MQTT 5 broker that has them (mosquitto 2, EMQX, HiveMQ)");
      default ->
          new LinkException(
              Reason.IO_ERROR, what + " refused by the broker: " + reasonName(code) + rc);
    };
  }

  /** The broker closed the connection, or the socket broke, while the link was up. */
  static LinkException connectionLost(MqttLinkConfig config, Throwable cause, int code) {
    String why = cause != null ? cause.getMessage() : null;
    if (why == null && code != 0) {
      why = reasonName(code) + String.format(" (reason code 0x%02X)", code);
    }
    return new LinkException(
        Reason.DISCONNECTED,
        "MQTT broker "
            + config.brokerUrl()
            + ": connection lost"
            + (why == null ? "" : ": " + why)
            + "; reconnecting",
        cause);
  }

  static String reasonName(int code) {
    return switch (code) {
      case 0x80 -> "unspecified error";
      case 0x81 -> "malformed packet";
      case 0x82 -> "protocol error";
      case 0x83 -> "implementation specific error";
      case UNSUPPORTED_PROTOCOL_VERSION -> "unsupported protocol version";
      case CLIENT_ID_NOT_VALID -> "client identifier not valid";
      case BAD_USER_NAME_OR_PASSWORD -> "bad user name or password";
      case NOT_AUTHORIZED -> "not authorized";
      case SERVER_UNAVAILABLE -> "server unavailable";
      case SERVER_BUSY -> "server busy";
      case BANNED -> "banned";
      case 0x8B -> "server shutting down";
      case BAD_AUTHENTICATION_METHOD -> "bad authentication method";
      case 0x8D -> "keep alive timeout";
      case 0x8E -> "session taken over";
      case TOPIC_FILTER_INVALID -> "topic filter invalid";
      case 0x90 -> "topic name invalid";
      case 0x91 -> "packet identifier in use";
      case 0x93 -> "receive maximum exceeded";
      case 0x95 -> "packet too large";
      case 0x96 -> "message rate too high";
      case QUOTA_EXCEEDED -> "quota exceeded";
      case 0x98 -> "administrative action";
      case 0x99 -> "payload format invalid";
      case 0x9A -> "retain not supported";
      case 0x9B -> "QoS not supported";
      case USE_ANOTHER_SERVER -> "use another server";
      case SERVER_MOVED -> "server moved";
      case SHARED_SUBSCRIPTIONS_NOT_SUPPORTED -> "shared subscriptions not supported";
      case CONNECTION_RATE_EXCEEDED -> "connection rate exceeded";
      case 0xA0 -> "maximum connect time";
      case 0xA1 -> "subscription identifiers not supported";
      case 0xA2 -> "wildcard subscriptions not supported";
      default -> "reason " + code;
    };
  }

  private static String lowerCase(String message, String fallback) {
    if (message == null || message.isEmpty()) {
      return fallback;
    }
    String first = message.split(" \\(")[0];
    return Character.toLowerCase(first.charAt(0)) + first.substring(1);
  }
}
