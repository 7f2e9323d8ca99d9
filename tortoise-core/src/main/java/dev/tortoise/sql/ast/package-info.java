/** A dialect-neutral, immutable SQL statement tree with visitors; no SQL text lives here. */
package dev.tortoise.sql.ast;
