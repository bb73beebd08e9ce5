/**
 * Serves Sockeye from a Jakarta Servlet 6 container with Jakarta WebSocket 2.1+ (Tomcat 11, Jetty 12
 * ee10, …) on the application's own port: {@link dev.sockeye.servlet.SockeyeServletFront#register}.
 */
package dev.sockeye.servlet;
