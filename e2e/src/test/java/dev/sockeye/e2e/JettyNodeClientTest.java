package dev.sockeye.e2e;

import dev.sockeye.servlet.embedded.EmbeddedContainer;

/** {@link ServletFrontNodeClientTest} on embedded Jetty. */
class JettyNodeClientTest extends ServletFrontNodeClientTest {
    @Override
    EmbeddedContainer.Kind kind() {
        return EmbeddedContainer.Kind.JETTY;
    }
}
