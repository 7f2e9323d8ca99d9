/**
 * Per-model schemas (Tortoise's {@code pydantic_model_creator} role): which properties a model shows as JSON,
 * their JSON types and constraints, how they are written, and which of them a request body may set.
 */
package dev.tortoise.modelschema;
