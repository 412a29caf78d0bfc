package io.headroom.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP2 client over a plain {@link Socket}, enough for the test kit to manage servers
 * (PING, CLUSTER ..., FLUSHALL, INFO) without a Redis client library in main code.
 *
 * <p>Replies map to Java as: simple string and bulk string to {@link String} (UTF-8), integer to {@link Long},
 * array to a {@link List} of these, null bulk or null array to {@code null}; an error reply is thrown as
 * {@link ErrorReply}.
 *
 * <p>Not thread-safe: one command at a time per instance.
 */
final class RespClient implements Closeable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /**
     * Connects to a Redis server.
     *
     * @param host the host
     * @param port the port
     * @param timeout both the connect timeout and the read timeout of every reply
     * @throws IOException if the connection cannot be made
     */
    RespClient(String host, int port, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), millis);
            s.setSoTimeout(millis);
            this.in = new BufferedInputStream(s.getInputStream());
            this.out = s.getOutputStream();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        this.socket = s;
    }

    /**
     * Connects, sends one command, reads its reply and disconnects.
     *
     * @param host the host
     * @param port the port
     * @param timeout connect and read timeout
     * @param args the command and its arguments
     * @return the reply, mapped as described on the class
     * @throws IOException on I/O failure, timeout or an error reply ({@link ErrorReply})
     */
    static Object call(String host, int port, Duration timeout, String... args) throws IOException {
        try (RespClient client = new RespClient(host, port, timeout)) {
            return client.call(args);
        }
    }

    /**
     * Sends one command as a RESP array of bulk strings and reads its reply.
     *
     * @param args the command and its arguments, each non-null
     * @return the reply, mapped as described on the class
     * @throws IOException on I/O failure, timeout or an error reply ({@link ErrorReply})
     */
    Object call(String... args) throws IOException {
        return call(List.of(args));
    }

    /**
     * Sends one command as a RESP array of bulk strings and reads its reply.
     *
     * @param args the command and its arguments, each non-null
     * @return the reply, mapped as described on the class
     * @throws IOException on I/O failure, timeout or an error reply ({@link ErrorReply})
     */
    Object call(List<String> args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream(64 + 16 * args.size());
        writeAscii(request, "*" + args.size() + "\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            writeAscii(request, "$" + bytes.length + "\r\n");
            request.write(bytes, 0, bytes.length);
            writeAscii(request, "\r\n");
        }
        out.write(request.toByteArray());
        out.flush();
        return readReply();
    }

    private Object readReply() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by the server before a reply");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new ErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length);
                if (data.length < length) {
                    throw new EOFException("connection closed in the middle of a bulk string");
                }
                readLine(); // the CRLF after the payload
                return new String(data, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(readReply());
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type byte '" + (char) type + "' followed by: " + line);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(32);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the middle of a reply");
            }
            if (b == '\r') {
                int next = in.read();
                if (next == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                throw new IOException("malformed reply: CR not followed by LF");
            }
            line.write(b);
        }
    }

    private static void writeAscii(ByteArrayOutputStream target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        target.write(bytes, 0, bytes.length);
    }

    /** Closes the connection; never throws for an already closed connection. */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** An error reply ({@code -ERR ...}) from the server; the message is the server's text. */
    static final class ErrorReply extends IOException {
        private static final long serialVersionUID = 1L;

        ErrorReply(String message) {
            super(message);
        }
    }
}
