/**
 * The Socket.IO parser SPI ({@link dev.sockeye.core.parser.Parser}, {@link dev.sockeye.core.parser.Encoder},
 * {@link dev.sockeye.core.parser.Decoder}), the default text format
 * ({@link dev.sockeye.core.parser.JsonParser}) and the MessagePack format of {@code socket.io-msgpack-parser}
 * ({@link dev.sockeye.core.parser.MsgpackParser}), plus {@link dev.sockeye.core.parser.PacketData} to build
 * packet data from Java values.
 *
 * <p>The strings a parser reads and writes are Engine.IO message payloads: the Engine.IO message
 * type {@code 4} is added and stripped by the engine. The WebSocket frame {@code 42["hello"]} is the
 * Socket.IO packet {@code 2["hello"]}.
 */
package dev.sockeye.core.parser;
