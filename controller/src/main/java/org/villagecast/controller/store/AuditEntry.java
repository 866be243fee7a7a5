package org.villagecast.controller.store;

import java.time.Instant;

/**
 * One line of the append-only audit log. {@code hash} = SHA-256 (hex) over the previous entry's
 * hash and this entry's fields, so an edited or deleted line breaks the chain.
 */
public record AuditEntry(
    long sequence,
    Instant at,
    String actor,
    String action,
    String subject,
    String detail,
    String previousHash,
    String hash) {}
