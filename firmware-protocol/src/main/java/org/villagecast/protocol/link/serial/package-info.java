/**
 * The RS-485 link ({@link org.villagecast.protocol.link.serial.SerialLink}) over jSerialComm: the
 * only package that imports jSerialComm. It carries {@code org.villagecast.protocol.bus.BusFrame}s
 * and does the frame timing (silence gaps) itself, since pseudo-terminals and most USB adapters do
 * not.
 */
package org.villagecast.protocol.link.serial;
