package io.headroom.fcm;

import io.headroom.testkit.contract.NotificationDispatcherContract;
import io.headroom.testkit.contract.PushFixture;

/** The notification-dispatcher contract through the FCM HTTP v1 provider against the FCM emulator. */
class FcmNotificationDispatcherContractIT extends NotificationDispatcherContract {

    @Override
    protected PushFixture fixture() {
        return new FcmEmulatorFixture();
    }
}
