/**
 * The Socket.IO Admin UI for Sockeye: {@link dev.sockeye.adminui.AdminUi#instrument} sets up the admin namespace
 * that {@code @socket.io/admin-ui} talks to, and {@link dev.sockeye.adminui.AdminUiHttpHandler} serves the UI's page
 * from the Netty front.
 */
package dev.sockeye.adminui;
