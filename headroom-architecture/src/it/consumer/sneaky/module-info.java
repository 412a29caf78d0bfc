/** A module that tries to use Headroom's internals: it must not compile. */
module io.headroom.sneaky {
    requires io.headroom.core;
}
