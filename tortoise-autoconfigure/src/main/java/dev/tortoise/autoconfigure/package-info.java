/** Spring Boot auto-configuration for Tortoise: properties, connections, runtime, lifecycle, web, Jackson, metrics and health. */
package dev.tortoise.autoconfigure;
