package dev.xacct.secrets.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Refuses response bodies over a limit before the SDK buffers them: a declared {@code Content-Length} over it fails at
 * once, and a body without one fails as soon as it passes the limit. Either way the call fails with an I/O error (a
 * transient service error), never with an {@code OutOfMemoryError}.
 */
final class ResponseSizeLimit implements ExecutionInterceptor {

    private final long maxBytes;

    ResponseSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes executionAttributes) {
        Optional<InputStream> body = context.responseBody();
        if (body.isEmpty()) {
            return body;
        }
        Optional<String> declared = context.httpResponse().firstMatchingHeader("Content-Length");
        long length = declared.isPresent() ? parseLength(declared.get()) : -1;
        return Optional.of(new Limited(body.get(), maxBytes, length));
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Counts what is read, and fails past the limit (or at once, if the declared length is over it). */
    private static final class Limited extends FilterInputStream {

        private final long maxBytes;
        private final long declared;
        private long read;

        Limited(InputStream in, long maxBytes, long declared) {
            super(in);
            this.maxBytes = maxBytes;
            this.declared = declared;
        }

        private IOException tooLarge() {
            return new IOException("response body over the limit of " + maxBytes + " bytes (maxResponseBytes)");
        }

        @Override
        public int read() throws IOException {
            if (declared > maxBytes) {
                throw tooLarge();
            }
            int b = super.read();
            if (b >= 0 && ++read > maxBytes) {
                throw tooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (declared > maxBytes) {
                throw tooLarge();
            }
            int n = super.read(buffer, offset, (int) Math.min(length, maxBytes - read + 1));
            if (n > 0) {
                read += n;
                if (read > maxBytes) {
                    throw tooLarge();
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, maxBytes - read + 1));
            read += skipped;
            if (read > maxBytes) {
                throw tooLarge();
            }
            return skipped;
        }
    }
}
