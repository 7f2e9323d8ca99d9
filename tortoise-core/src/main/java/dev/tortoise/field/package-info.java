/** Field annotations, field types with their column types and Java/DB conversions, and validators. No vendor SQL here. */
package dev.tortoise.field;
