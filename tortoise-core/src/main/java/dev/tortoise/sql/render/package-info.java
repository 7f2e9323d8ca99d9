/** Renders a statement tree with a dialect into SQL text and bind values. */
package dev.tortoise.sql.render;
