/**
 * Every difference between databases: the {@code Dialect} hooks with their standard defaults, the
 * {@code DialectProvider} SPI that registers a database (one subpackage each), and the registry.
 */
package dev.tortoise.sql.dialect;
