/** Sockeye engine module. */
package dev.sockeye.engine;
