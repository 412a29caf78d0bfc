package io.headroom;

/** The {@link System#nanoTime()} ticker; see {@link Ticker#system()}. */
enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long read() {
        return System.nanoTime();
    }
}
