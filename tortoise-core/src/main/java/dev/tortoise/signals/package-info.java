/**
 * Tortoise's model signals: pre/post save and delete listeners per model class, reactive and run
 * concurrently, fired by instance save/create/delete only (never by queryset updates or deletes,
 * nor by bulk operations).
 */
package dev.tortoise.signals;
