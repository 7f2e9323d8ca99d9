/** Every difference between databases, one {@code Dialect} per database made of small strategies. */
package dev.tortoise.sql.dialect;
