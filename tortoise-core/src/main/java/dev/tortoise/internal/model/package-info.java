/** Internal (no compatibility promise): parsing of lookup paths such as {@code tournament__name__icontains}. */
package dev.tortoise.internal.model;
