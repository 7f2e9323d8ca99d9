/**
 * Internal (no compatibility promise): the query layer's machinery behind {@code Manager} and {@code QuerySet}: the
 * {@code QueryEngine} port and its compiled queries and result shapes, instance writes and their statement
 * templates, and {@link dev.tortoise.internal.query.QueryAccess}, the internal side of the opaque handles
 * {@code ManagerContext} and {@code QueryState}.
 */
package dev.tortoise.internal.query;
