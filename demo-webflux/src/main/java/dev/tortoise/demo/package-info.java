/** The demo WebFlux application on the Tournament / Event / Team models. */
package dev.tortoise.demo;
