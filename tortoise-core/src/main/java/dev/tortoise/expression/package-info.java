/** Q, F, values, functions and aggregates, and lookups parsed from keys; each resolves to SQL tree nodes. */
package dev.tortoise.expression;
