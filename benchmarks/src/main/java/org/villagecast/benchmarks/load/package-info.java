/**
 * Load scenarios against a running hub (docs/performance.md, "Hub: command fan-out to 10,000
 * terminals"): {@link org.villagecast.benchmarks.load.HubFanout} drives the hub's API and a plain
 * MQTT client beside it; {@code benchmarks/scripts/hub-fanout.sh} starts the hub and the reference
 * terminals in their own JVMs around it.
 */
package org.villagecast.benchmarks.load;
