/** The demo's models, found by the starter through the application's auto-configuration package. */
package dev.tortoise.demo.models;
