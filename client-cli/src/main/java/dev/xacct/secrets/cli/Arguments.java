package dev.xacct.secrets.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options given to one command, parsed by hand: an option takes a value ({@code --name VALUE} or
 * {@code --name=VALUE}) unless it is a flag such as {@code --apply}, and {@code -h} / {@code --help} asks for the
 * command's usage.
 *
 * <p>Parsing checks only the shape of the line (known options, values present); what a value means is checked by the
 * command, which knows it.
 */
public final class Arguments {

    private final Map<String, List<String>> values;
    private final Set<String> flags;
    private final boolean help;

    private Arguments(Map<String, List<String>> values, Set<String> flags, boolean help) {
        this.values = values;
        this.flags = flags;
        this.help = help;
    }

    /**
     * Parses the arguments that follow a command name.
     *
     * @param command the command, to name in messages
     * @param args the arguments after the command name
     * @param options the options the command knows, such as {@code --secret}; each takes a value
     * @return the parsed options
     * @throws UsageException for an unknown option, an option without its value, or a stray argument, unless help
     *     was asked for anywhere on the line (then the usage is what the user needs, not the first mistake)
     */
    public static Arguments parse(String command, List<String> args, Set<String> options) throws UsageException {
        return parse(command, args, options, Set.of());
    }

    /**
     * Parses the arguments that follow a command name, some of them flags that take no value.
     *
     * @param command the command, to name in messages
     * @param args the arguments after the command name
     * @param options the options the command knows that take a value
     * @param flagNames the options the command knows that take none, such as {@code --apply}
     * @return the parsed options
     * @throws UsageException as {@link #parse(String, List, Set)}, and for a flag given a value
     */
    public static Arguments parse(String command, List<String> args, Set<String> options, Set<String> flagNames)
            throws UsageException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Set<String> flags = new LinkedHashSet<>();
        boolean help = false;
        UsageException firstError = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
                continue;
            }
            if (firstError != null) {
                continue;
            }
            int equals = arg.indexOf('=');
            String name = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            if (flagNames.contains(name)) {
                if (!name.equals(arg)) {
                    firstError = new UsageException(name + " takes no value");
                }
                flags.add(name);
            } else if (!arg.startsWith("-")) {
                firstError = new UsageException("unexpected argument '" + arg + "' for " + command);
            } else if (!options.contains(name)) {
                firstError = new UsageException("unknown option '" + name + "' for " + command);
            } else if (!name.equals(arg)) {
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(arg.substring(equals + 1));
            } else if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                // A following option is taken for a forgotten value, not for the value itself.
                firstError = new UsageException(name + " needs a value");
            } else {
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(args.get(++i));
            }
        }
        if (firstError != null && !help) {
            throw firstError;
        }
        return new Arguments(values, Set.copyOf(flags), help);
    }

    /**
     * Whether {@code -h} or {@code --help} was given.
     *
     * @return {@code true} if the user asked for the usage
     */
    public boolean help() {
        return help;
    }

    /**
     * Whether a flag (an option without a value) was given.
     *
     * @param flag the flag, such as {@code --apply}
     * @return {@code true} if it was given
     */
    public boolean flag(String flag) {
        return flags.contains(flag);
    }

    /**
     * Every value of a repeatable option, in the order given.
     *
     * @param option the option, such as {@code --secret}
     * @return the values, empty if the option was not given
     */
    public List<String> all(String option) {
        return List.copyOf(values.getOrDefault(option, List.of()));
    }

    /**
     * The value of an option that may be given at most once.
     *
     * @param option the option, such as {@code --region}
     * @return the value, or empty if the option was not given
     * @throws UsageException if the option was given more than once
     */
    public Optional<String> single(String option) throws UsageException {
        List<String> given = values.getOrDefault(option, List.of());
        if (given.size() > 1) {
            throw new UsageException(option + " may be given only once, was given " + given.size() + " times");
        }
        return given.stream().findFirst();
    }
}
