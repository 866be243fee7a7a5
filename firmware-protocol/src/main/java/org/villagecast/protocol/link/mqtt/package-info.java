/**
 * The MQTT 5 link ({@link org.villagecast.protocol.link.mqtt.MqttLink}) over Eclipse Paho: the only
 * package that imports Paho. Used by the controller towards terminals and gateways and by the field
 * tools; topics come from {@code org.villagecast.protocol.topic.Topics}.
 */
package org.villagecast.protocol.link.mqtt;
