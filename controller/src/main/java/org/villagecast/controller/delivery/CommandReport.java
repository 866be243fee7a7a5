package org.villagecast.controller.delivery;

import java.util.List;
import java.util.Map;

/** A command and where it stands on each target terminal. */
public record CommandReport(
    Command command, Map<DeliveryState, Integer> counts, List<Delivery> deliveries) {}
