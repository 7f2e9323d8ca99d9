/** Internal (no compatibility promise): DDL generation in foreign-key order, and model descriptions. */
package dev.tortoise.internal.schema;
