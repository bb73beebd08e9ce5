/** The servlet front's implementation of the engine's SPI; not an API. */
package dev.sockeye.servlet.internal;
