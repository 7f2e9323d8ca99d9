/**
 * Internal (no compatibility promise): the QueryEngine implementation, transactions and the statement gate,
 * connections and pools, driver aliases and exception translation.
 */
package dev.tortoise.internal.execution;
