/** The demo's REST controllers. */
package dev.tortoise.demo.web;
