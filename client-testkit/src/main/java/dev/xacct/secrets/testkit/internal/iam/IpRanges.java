package dev.xacct.secrets.testkit.internal.iam;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** CIDR matching for {@code IpAddress}/{@code NotIpAddress} (IPv4 and IPv6; a bare address is a /32 or /128). */
final class IpRanges {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpRanges() {}

    static boolean contains(String cidr, String address) {
        String[] parts = cidr.trim().split("/", 2);
        Optional<byte[]> network = literal(parts[0]);
        Optional<byte[]> candidate = literal(address.trim());
        if (network.isEmpty() || candidate.isEmpty() || network.get().length != candidate.get().length) {
            return false;
        }
        int bits = network.get().length * 8;
        int prefix;
        try {
            prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
        } catch (NumberFormatException e) {
            return false;
        }
        if (prefix < 0 || prefix > bits) {
            return false;
        }
        for (int i = 0; i < prefix; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((network.get()[i / 8] & mask) != (candidate.get()[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Only IP literals reach InetAddress, which would resolve anything else over DNS (a text with a colon is parsed
     * as an IPv6 literal and never looked up).
     */
    private static Optional<byte[]> literal(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
