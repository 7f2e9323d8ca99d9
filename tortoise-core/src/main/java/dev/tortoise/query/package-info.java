/**
 * Immutable querysets, managers and values queries; they compile to SQL trees and run through the internal query
 * engine port ({@code dev.tortoise.internal.query}).
 */
package dev.tortoise.query;
