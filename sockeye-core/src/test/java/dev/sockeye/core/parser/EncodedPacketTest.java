package dev.sockeye.core.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An encoded packet's messages are text or binary, each read by its own function. */
class EncodedPacketTest {

    @Test
    void aMessageGoesToTheFunctionOfItsKind() {
        byte[] attachment = {1, 2};
        EncodedPacket packet =
                new EncodedPacket(List.of(new EncodedPacket.Text("51-[\"a\"]"), new EncodedPacket.Binary(attachment)));
        List<String> read = packet.messages().stream()
                .map(message -> message.map(text -> "text " + text, bytes -> "binary " + bytes.length))
                .toList();
        assertThat(read).containsExactly("text 51-[\"a\"]", "binary 2");
    }

    @Test
    void binaryIsTheOneBinaryMessageOfAPacket() {
        byte[] data = {7};
        assertThat(EncodedPacket.ofBinary(data).binary()).isSameAs(data);
        assertThatThrownBy(() -> EncodedPacket.ofText("2").binary()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void messagesAreNeverNull() {
        assertThatThrownBy(() -> new EncodedPacket.Text(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new EncodedPacket.Binary(null)).isInstanceOf(NullPointerException.class);
    }
}
