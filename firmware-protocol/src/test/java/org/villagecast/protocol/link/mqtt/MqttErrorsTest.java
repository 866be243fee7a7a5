package org.villagecast.protocol.link.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.villagecast.protocol.link.LinkException;
import org.villagecast.protocol.link.LinkException.Reason;

/**
 * How Paho's failures map to reasons and messages, for the cases a test broker cannot easily
 * produce (0x86, bans, busy servers, unknown hosts); the common ones also run against mosquitto in
 * {@link MqttLinkTest}.
 */
class MqttErrorsTest {
  private static final MqttLinkConfig WITH_USER =
      MqttLinkConfig.builder("tcp://broker:1883", "hub-1").credentials("x", "y").build();
  private static final MqttLinkConfig ANONYMOUS =
      MqttLinkConfig.builder("tcp://broker:1883", "hub-1").build();

  /** Verifies the message for CONNACK 0x86 (bad user name or password). */
  @Test
  void connectRefused_badUserNameOrPassword() {
    LinkException e = SerialLess.connect(WITH_USER, new MqttException(0x86));

    assertThat(e.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
    assertThat(e.getMessage())
        .isEqualTo(
            "MQTT broker tcp://broker:1883 refused the credentials for user 'x' (bad user name or"
                + " password (reason code 0x86)); check the user name and password");
  }

  /** Verifies that CONNACK 0x87, mosquitto's answer to a wrong password, is BAD_CREDENTIALS. */
  @Test
  void connectRefused_notAuthorizedAtConnectIsACredentialsProblem() {
    assertThat(SerialLess.connect(WITH_USER, new MqttException(0x87)).reason())
        .isEqualTo(Reason.BAD_CREDENTIALS);
    assertThat(SerialLess.connect(ANONYMOUS, new MqttException(0x87)).getMessage())
        .contains("refused an anonymous connection")
        .contains("configure a user name and password");
  }

  /** Verifies the CONNACK codes that mean "not now" or "not you". */
  @Test
  void connectRefused_otherCodes() {
    assertThat(SerialLess.connect(WITH_USER, new MqttException(0x8A)).reason())
        .isEqualTo(Reason.NOT_AUTHORIZED);
    for (int busy : new int[] {0x88, 0x89, 0x97, 0x9C, 0x9D, 0x9F}) {
      assertThat(SerialLess.connect(WITH_USER, new MqttException(busy)).reason())
          .as("0x%02X", busy)
          .isEqualTo(Reason.BROKER_UNREACHABLE);
    }
    assertThat(SerialLess.connect(WITH_USER, new MqttException(0x84)).getMessage())
        .contains("does not speak MQTT 5");
  }

  /** Verifies the network failures under Paho's 32103 and 0 codes. */
  @Test
  void connectFailed_networkCauses() {
    LinkException refused =
        SerialLess.connect(
            ANONYMOUS,
            new MqttException(
                MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR,
                new ConnectException("Connection refused")));
    assertThat(refused.reason()).isEqualTo(Reason.BROKER_UNREACHABLE);
    assertThat(refused.getMessage())
        .isEqualTo(
            "MQTT broker tcp://broker:1883 unreachable: connection refused; is the broker running"
                + " and the URL right? (Paho reason code 32103)");

    LinkException unknown =
        SerialLess.connect(ANONYMOUS, new MqttException(0, new UnknownHostException("broker")));
    assertThat(unknown.reason()).isEqualTo(Reason.BROKER_UNREACHABLE);
    assertThat(unknown.getMessage()).contains("unknown host 'broker'");

    LinkException slow =
        SerialLess.connect(
            ANONYMOUS,
            new MqttException(
                MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR,
                new SocketTimeoutException("connect timed out")));
    assertThat(slow.reason()).isEqualTo(Reason.BROKER_UNREACHABLE);
    assertThat(slow.getMessage()).contains("no TCP answer within 10 s");

    assertThat(
            SerialLess.connect(
                    ANONYMOUS, new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT))
                .reason())
        .isEqualTo(Reason.TIMEOUT);
  }

  /** Verifies how failed operations map: not connected, timeouts, and refusals by reason code. */
  @Test
  void operationFailed_andRefused() {
    assertThat(
            MqttErrors.operationFailed(
                    "publish to a",
                    new MqttException(MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED))
                .reason())
        .isEqualTo(Reason.DISCONNECTED);
    assertThat(
            MqttErrors.operationFailed(
                    "publish to a",
                    new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST))
                .reason())
        .isEqualTo(Reason.DISCONNECTED);
    assertThat(MqttErrors.refused("subscribe to $share/g/a", 0x87).reason())
        .isEqualTo(Reason.NOT_AUTHORIZED);
    assertThat(MqttErrors.refused("subscribe to $share/g/a", 0x9E).getMessage())
        .contains("shared subscriptions not supported (reason code 0x9E)");
    assertThat(MqttErrors.refused("subscribe to a/#", 0xA2).getMessage())
        .contains("wildcard subscriptions not supported");
  }

  /** Short name for the mapping under test. */
  private static final class SerialLess {
    static LinkException connect(MqttLinkConfig config, MqttException e) {
      return MqttErrors.connectFailed(config, e);
    }
  }
}
