package dev.sockeye.e2e;

import dev.sockeye.servlet.embedded.EmbeddedContainer;

/** {@link ServletFrontNodeClientTest} on embedded Tomcat. */
class TomcatNodeClientTest extends ServletFrontNodeClientTest {
    @Override
    EmbeddedContainer.Kind kind() {
        return EmbeddedContainer.Kind.TOMCAT;
    }
}
