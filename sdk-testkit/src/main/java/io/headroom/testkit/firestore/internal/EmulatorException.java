package io.headroom.testkit.firestore.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A failure the emulator reports to the client with a gRPC status, as the service would. */
public final class EmulatorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Status.Code code;

    /**
     * Creates the failure.
     *
     * @param code the gRPC status code
     * @param message the description sent to the client
     */
    public EmulatorException(Status.Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static EmulatorException invalid(String message) {
        return new EmulatorException(Status.Code.INVALID_ARGUMENT, message);
    }

    static EmulatorException notFound(String message) {
        return new EmulatorException(Status.Code.NOT_FOUND, message);
    }

    static EmulatorException alreadyExists(String message) {
        return new EmulatorException(Status.Code.ALREADY_EXISTS, message);
    }

    static EmulatorException failedPrecondition(String message) {
        return new EmulatorException(Status.Code.FAILED_PRECONDITION, message);
    }

    static EmulatorException aborted(String message) {
        return new EmulatorException(Status.Code.ABORTED, message);
    }

    /**
     * The gRPC status code.
     *
     * @return the code
     */
    public Status.Code code() {
        return code;
    }

    /**
     * This failure as the exception a gRPC handler reports.
     *
     * @return the status exception
     */
    public StatusRuntimeException toStatus() {
        return code.toStatus().withDescription(getMessage()).asRuntimeException();
    }
}
