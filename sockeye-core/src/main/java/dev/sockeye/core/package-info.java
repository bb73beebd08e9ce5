/** Sockeye core module. */
package dev.sockeye.core;
