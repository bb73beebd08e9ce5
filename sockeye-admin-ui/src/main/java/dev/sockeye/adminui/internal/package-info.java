/** Implementation of the Admin UI support; not an API. */
package dev.sockeye.adminui.internal;
