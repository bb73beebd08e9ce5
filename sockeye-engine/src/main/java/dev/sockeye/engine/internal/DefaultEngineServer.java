package dev.sockeye.engine.internal;

import dev.sockeye.engine.EngineOptions;

/** Placeholder; the engine implementation replaces this class. */
public abstract class DefaultEngineServer implements dev.sockeye.engine.EngineServer {
    public static DefaultEngineServer placeholder(EngineOptions options) {
        throw new IllegalStateException("engine under construction");
    }
}
