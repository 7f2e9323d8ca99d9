/**
 * Internal (no compatibility promise): parsing of lookup paths such as {@code tournament__name__icontains}; an
 * instance's bookkeeping ({@code ModelState}, reached through {@code Instances}, to which {@code Model} grants its
 * private fields), the open runtimes, the ports through which models see their relation holders, and attribute
 * accessors.
 */
package dev.tortoise.internal.model;
