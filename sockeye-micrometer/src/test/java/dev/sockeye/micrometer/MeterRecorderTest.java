package dev.sockeye.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.cluster.MessageType;
import dev.sockeye.engine.EnginePacket;
import dev.sockeye.server.SocketIoObserver.ConnectRefusal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What each observer call does to the meters, without a server (the e2e tests drive a real one). */
class MeterRecorderTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aRefusalToAnUnknownNamespaceIsTaggedUnknownNotWithTheClientsName() {
        MeterRecorder recorder = new MeterRecorder(registry, new EventNameTags(0));
        recorder.onConnectRefused("/made-up-by-a-client", ConnectRefusal.INVALID_NAMESPACE);
        recorder.onConnectRefused("/", ConnectRefusal.MIDDLEWARE);

        assertThat(registry.get("socketio.connects")
                        .tags("namespace", "unknown", "result", "invalid_namespace")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("socketio.connects")
                        .tags("namespace", "/", "result", "refused")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.find("socketio.connects")
                        .tag("namespace", "/made-up-by-a-client")
                        .meters())
                .isEmpty();
    }

    @Test
    void eventNamesPastTheLimitAreCountedUnderOther() {
        MeterRecorder recorder = new MeterRecorder(registry, new EventNameTags(1));
        recorder.onBroadcast("/", "tick");
        recorder.onBroadcast("/", "spam-1");
        recorder.onBroadcast("/", "spam-2");

        assertThat(registry.get("socketio.broadcasts")
                        .tags("namespace", "/", "event", "tick")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("socketio.broadcasts")
                        .tags("namespace", "/", "event", "other")
                        .counter()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void handlerQueueDepthFollowsQueuedRunAndDroppedTasks() {
        MeterRecorder recorder = new MeterRecorder(registry, new EventNameTags(0));
        recorder.onTaskQueued();
        recorder.onTaskQueued();
        recorder.onTaskQueued();
        assertThat(registry.get("socketio.handler.queue.depth").gauge().value()).isEqualTo(3);
        recorder.onTaskRun(TimeUnit.MILLISECONDS.toNanos(2), TimeUnit.MILLISECONDS.toNanos(5));
        recorder.onTaskDropped();
        assertThat(registry.get("socketio.handler.queue.depth").gauge().value()).isEqualTo(1);
        assertThat(registry.get("socketio.handler.duration").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(5);
        assertThat(registry.get("socketio.handler.queue.wait").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(2);
        assertThat(registry.get("socketio.handler.dropped").counter().count()).isEqualTo(1);
    }

    @Test
    void clusterRequestsAreTimedByTypeAndOutcome() {
        MeterRecorder recorder = new MeterRecorder(registry, new EventNameTags(0));
        recorder.onClusterRequest("/", MessageType.FETCH_SOCKETS, TimeUnit.MILLISECONDS.toNanos(3), false);
        recorder.onClusterRequest("/", MessageType.FETCH_SOCKETS, TimeUnit.MILLISECONDS.toNanos(7), true);

        assertThat(registry.get("socketio.adapter.requests")
                        .tags("type", "fetch_sockets", "outcome", "success")
                        .timer()
                        .totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(3);
        assertThat(registry.get("socketio.adapter.requests")
                        .tags("type", "fetch_sockets", "outcome", "timeout")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void closeRemovesEveryMeterItMade() {
        MeterRecorder recorder = new MeterRecorder(registry, new EventNameTags(0));
        recorder.onBroadcast("/", "tick");
        recorder.onClusterPublish("/", MessageType.BROADCAST);
        assertThat(registry.getMeters()).isNotEmpty();
        recorder.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void bytesAreTheUtf8LengthOfTextAndTheLengthOfBinary() {
        String text = "2[\"é€😀\"]";
        assertThat(MeterRecorder.length(new EnginePacket(EnginePacket.Type.MESSAGE, text, null)))
                .isEqualTo(3 + 2 + 3 + 4 + 2)
                .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        assertThat(MeterRecorder.length(new EnginePacket(EnginePacket.Type.MESSAGE, null, new byte[5])))
                .isEqualTo(5);
        assertThat(MeterRecorder.length(new EnginePacket(EnginePacket.Type.PING, null, null)))
                .isZero();
    }
}
