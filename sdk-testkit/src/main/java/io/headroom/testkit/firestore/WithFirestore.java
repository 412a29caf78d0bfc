package io.headroom.testkit.firestore;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registers {@link FirestoreExtension} on a test class or method: parameters of type
 * {@link com.google.cloud.firestore.Firestore} and {@link FirestoreEmulator} are then provided.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(FirestoreExtension.class)
public @interface WithFirestore {
}
