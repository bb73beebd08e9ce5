/**
 * Implementation of the default JSON parser; not an API, may change in any release.
 */
package dev.sockeye.core.parser.internal;
