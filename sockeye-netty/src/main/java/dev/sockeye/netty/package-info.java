/** Sockeye netty module. */
package dev.sockeye.netty;
