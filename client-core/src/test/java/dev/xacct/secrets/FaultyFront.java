package dev.xacct.secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A programmable HTTP front for the emulator, for faults the testkit does not inject: a black hole (the request is
 * read, nothing ever answered), a trickle (a 200 whose body comes a byte at a time, for ever), an empty 200, a body of
 * many megabytes, and a response held back until released. Other requests are relayed byte for byte, so the SigV4
 * signature (which covers the Host header) still verifies.
 *
 * <p>Test-only, one request per connection. It could move into the testkit's fault injection later.
 */
final class FaultyFront implements AutoCloseable {

    /** What the front does with a request of a faulted operation. */
    enum Mode {
        /** Reads the request, never answers (until closed). */
        BLACK_HOLE,
        /** Answers 200 with a declared body sent one byte every 100 ms, never finished. */
        TRICKLE,
        /** Answers 200 with an empty body. */
        EMPTY_200,
        /** Answers 200 with a chunked JSON body of {@link #HUGE_BYTES}. */
        HUGE_200,
        /** Relays the request, then holds the emulator's answer until {@link #release()}. */
        HOLD
    }

    static final int HUGE_BYTES = 8 * 1024 * 1024;

    private static final Pattern TARGET = Pattern.compile("(?im)^x-amz-target:\\s*[^.\\r\\n]*\\.(\\w+)");
    private static final Pattern ACTION = Pattern.compile("Action=(\\w+)");
    private static final Pattern LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)");

    private final URI upstream;
    private final ServerSocket server;
    private final Map<String, Mode> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> remaining = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger faulted = new AtomicInteger();
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch released = new CountDownLatch(1);
    private volatile CountDownLatch delivered = new CountDownLatch(1);

    FaultyFront(URI upstream) {
        this.upstream = upstream;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(this::accept, "faulty-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Faults every request of {@code operation} (such as {@code GetSecretValue}) with {@code mode}. */
    FaultyFront fault(String operation, Mode mode) {
        return fault(operation, mode, Integer.MAX_VALUE);
    }

    /** Faults the next {@code times} requests of {@code operation} with {@code mode}. */
    FaultyFront fault(String operation, Mode mode, int times) {
        held = new CountDownLatch(1);
        released = new CountDownLatch(1);
        delivered = new CountDownLatch(1);
        remaining.put(operation, new AtomicInteger(times));
        faults.put(operation, mode);
        return this;
    }

    /** Stops faulting; requests already black-holed or trickling stay so until {@link #close()}. */
    void clear() {
        faults.clear();
        remaining.clear();
    }

    /** How many requests were faulted. */
    int faulted() {
        return faulted.get();
    }

    /** Waits until a {@link Mode#HOLD} response is held. */
    void awaitHeld() throws InterruptedException {
        if (!held.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no response was held");
        }
    }

    /** Lets the held response go, and waits until it is written. */
    void release() throws InterruptedException {
        released.countDown();
        if (!delivered.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the held response was not delivered");
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread handler = new Thread(() -> handle(socket), "faulty-front-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            byte[] request = readRequest(client.getInputStream());
            if (request == null) {
                return;
            }
            String text = new String(request, StandardCharsets.ISO_8859_1);
            Mode mode = modeFor(operation(text));
            OutputStream out = client.getOutputStream();
            if (mode == null) {
                out.write(relay(request));
                return;
            }
            faulted.incrementAndGet();
            switch (mode) {
                case BLACK_HOLE -> client.getInputStream().read();
                case TRICKLE -> {
                    out.write(head(1_000_000).getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    while (true) {
                        out.write(' ');
                        out.flush();
                        Thread.sleep(100);
                    }
                }
                case EMPTY_200 -> out.write(head(0).getBytes(StandardCharsets.ISO_8859_1));
                case HUGE_200 -> huge(out);
                case HOLD -> {
                    byte[] answer = relay(request);
                    held.countDown();
                    released.await();
                    out.write(answer);
                    out.flush();
                    delivered.countDown();
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up, or the front was closed
        } finally {
            open.remove(client);
        }
    }

    private Mode modeFor(String operation) {
        if (operation == null) {
            return null;
        }
        Mode mode = faults.get(operation);
        AtomicInteger left = remaining.get(operation);
        if (mode == null || left == null || left.getAndDecrement() <= 0) {
            return null;
        }
        return mode;
    }

    private static String operation(String request) {
        Matcher target = TARGET.matcher(request);
        if (target.find()) {
            return target.group(1);
        }
        Matcher action = ACTION.matcher(request);
        return action.find() ? action.group(1) : null;
    }

    private static String head(long length) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: " + length
                + "\r\nConnection: close\r\n\r\n";
    }

    private static void huge(OutputStream out) throws IOException {
        out.write(String.join(
                        "\r\n",
                        "HTTP/1.1 200 OK",
                        "Content-Type: application/x-amz-json-1.1",
                        "Transfer-Encoding: chunked",
                        "Connection: close",
                        "",
                        "")
                .getBytes(StandardCharsets.ISO_8859_1));
        chunk(
                out,
                "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:111111111111:secret:huge-AbCdEf\",\"Name\":\"huge\","
                        + "\"VersionId\":\"00000000-0000-0000-0000-000000000001\",\"SecretString\":\"");
        String block = "x".repeat(64 * 1024);
        for (int sent = 0; sent < HUGE_BYTES; sent += block.length()) {
            chunk(out, block);
        }
        chunk(out, "\"}");
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends the request to the emulator (asking it to close after answering) and returns its whole answer. */
    private byte[] relay(byte[] request) throws IOException {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        String head = text.substring(0, headEnd).replaceAll("(?im)^connection:.*\\r\\n?", "");
        byte[] newHead = (head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        try (Socket socket = new Socket(upstream.getHost(), upstream.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(newHead);
            out.write(request, headEnd + 4, request.length - headEnd - 4);
            out.flush();
            return socket.getInputStream().readAllBytes();
        }
    }

    /** The request head and its Content-Length body, or {@code null} at end of stream. */
    private static byte[] readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            buffer.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : b == '\r' ? 1 : 0;
        }
        if (matched < 4) {
            return null;
        }
        Matcher length = LENGTH.matcher(buffer.toString(StandardCharsets.ISO_8859_1));
        int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        buffer.write(in.readNBytes(bodyLength));
        return buffer.toByteArray();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        released.countDown();
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Override
    public String toString() {
        return "FaultyFront[" + endpoint() + " -> " + upstream + ", faults="
                + faults.keySet().toString().toLowerCase(Locale.ROOT) + "]";
    }
}
