/** The Maven goals of Tortoise's migration commands. */
package dev.tortoise.maven;
