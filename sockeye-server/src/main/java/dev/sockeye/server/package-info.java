/** Sockeye server module. */
package dev.sockeye.server;
