/** A small application on the module path that uses Headroom's exported API only. */
module io.headroom.consumer {
    requires io.headroom.core;
    requires io.headroom.search.lucene;
    requires io.headroom.fcm;
    requires io.headroom.redis;
}
