package dev.xacct.secrets.testkit.internal.iam;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads condition values as numbers and instants; a value that does not parse is empty, never an exception. */
final class Scalars {

    private Scalars() {}

    static Optional<BigDecimal> number(String text) {
        try {
            return Optional.of(new BigDecimal(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A base64 value decoded to its bytes (as a comparable list), or empty if it is not base64. */
    static Optional<java.util.List<Byte>> binary(String text) {
        try {
            byte[] bytes = java.util.Base64.getMimeDecoder().decode(text.trim());
            java.util.List<Byte> list = new java.util.ArrayList<>(bytes.length);
            for (byte b : bytes) {
                list.add(b);
            }
            return Optional.of(list);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** ISO-8601 (instant, offset date-time, local date-time or date, taken as UTC) or epoch seconds. */
    static Optional<Instant> instant(String text) {
        String value = text.trim();
        Optional<BigDecimal> epochSeconds = number(value);
        if (epochSeconds.isPresent()) {
            BigDecimal seconds = epochSeconds.get();
            try {
                return Optional.of(Instant.ofEpochSecond(
                        seconds.longValue(),
                        seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue()));
            } catch (ArithmeticException | java.time.DateTimeException e) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notOffset) {
            // fall through to the zone-less forms
        }
        try {
            return Optional.of(LocalDateTime.parse(value).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notLocal) {
            // fall through to a bare date
        }
        try {
            return Optional.of(LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notDate) {
            return Optional.empty();
        }
    }
}
