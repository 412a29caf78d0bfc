package io.headroom.testkit.contract;

/** The notification-dispatcher contract against the in-memory dispatcher and an in-process provider. */
class InMemoryNotificationDispatcherContractTest extends NotificationDispatcherContract {

    @Override
    protected PushFixture fixture() {
        return new InProcessPushFixture();
    }
}
