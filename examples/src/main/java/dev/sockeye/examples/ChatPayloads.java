package dev.sockeye.examples;

import java.util.List;

/**
 * What the chat page (examples/chat/app.js) and a chat server send each other, as JSON: shared by {@link Chat} and
 * the Spring Boot chat of examples/spring-chat, which speak the same events to the same page.
 */
public final class ChatPayloads {

    private ChatPayloads() {}

    /** A user: socket id and nickname. */
    public record Member(String id, String nickname) {}

    /** The ack of join and leave: the room and its members now. */
    public record Joined(String room, List<Member> members) {}

    /** A member joined or left a room. */
    public record Presence(String room, String id, String nickname, boolean joined, List<Member> members) {}

    /** A message the page sends to a room. */
    public record Outgoing(String room, String text) {}

    /** A message as the room's members receive it. */
    public record Message(long id, String room, Member from, String text, long time) {}

    /** The ack of a message: the "✓" on the sender's page. */
    public record Delivered(long id, long time) {}

    /** The ack of a request that could not be done. */
    public record Failure(String error) {}

    /** The page's typing indicator for a room. */
    public record Typing(String room, boolean typing) {}

    /** Who is typing in a room. */
    public record TypingNotice(String room, String id, String nickname, boolean typing) {}

    /** A private message the page sends to one socket id. */
    public record Private(String to, String text) {}

    /** A private message as its receiver gets it. */
    public record PrivateMessage(Member from, String text, long time) {}

    /** How many users are connected (the whole cluster's number). */
    public record Users(int count) {}
}
