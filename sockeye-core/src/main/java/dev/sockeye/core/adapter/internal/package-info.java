/** Implementation details of the adapters; not a public API. */
package dev.sockeye.core.adapter.internal;
