/** Embedded Tomcat and Jetty for the servlet front's tests, the conformance fixture and the bench server. */
package dev.sockeye.servlet.embedded;
