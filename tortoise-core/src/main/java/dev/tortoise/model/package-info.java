/** Model metadata: the Model base class, Meta options, field and model descriptions, the registry and scanner. */
package dev.tortoise.model;
