/** Runtime API: the transaction handle, connection entries, pool settings, routers and statement listeners. */
package dev.tortoise.execution;
