/**
 * Broadcasts: a programme played to targets (DESIGN.md data flow, steps 1-5). The scheduler, the
 * API and alerts start and stop them through {@link
 * org.villagecast.controller.broadcast.Broadcasts}.
 */
package org.villagecast.controller.broadcast;
