/** Immutable querysets, managers, values queries and instance writes; they compile to SQL trees and run through the QueryEngine port. */
package dev.tortoise.query;
