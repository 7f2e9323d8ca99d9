package dev.tortoise.signals;

/** The four model signals, as Tortoise's {@code tortoise.signals.Signals}. */
public enum Signal {
    PRE_SAVE, POST_SAVE, PRE_DELETE, POST_DELETE
}
