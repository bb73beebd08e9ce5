package dev.sockeye.server;

import tools.jackson.databind.JsonNode;

/**
 * Decides whether a namespace that does not exist yet may be created for a connecting client
 * ({@link SocketIoServer#of(NamespaceMatcher)}). Runs on the handler executor, so it may block.
 */
@FunctionalInterface
public interface NamespaceMatcher {

    /**
     * @param name the namespace the client asks for, e.g. {@code "/tenant-42"}
     * @param auth the client's CONNECT payload ({@code {}} when none)
     * @return whether to create the namespace as a child of this parent
     * @throws Exception logged; counts as a refusal
     */
    boolean matches(String name, JsonNode auth) throws Exception;
}
