package dev.tortoise.field;

import dev.tortoise.exception.ValidationError;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/** The built-in validators of Tortoise; subclass one with a no-argument constructor to use it in an annotation. */
public final class Validators {
    private Validators() {
    }

    /** Fails for text longer than {@code max} characters. */
    public static class MaxLength implements Validator {
        private final int max;

        public MaxLength(int max) {
            this.max = max;
        }

        @Override
        public void validate(Object value) {
            if (value == null) {
                throw new ValidationError("Value must not be None");
            }
            if (value.toString().length() > max) {
                throw new ValidationError("Length of '" + value + "' " + value.toString().length() + " > " + max);
            }
        }
    }

    /** Fails for text shorter than {@code min} characters. */
    public static class MinLength implements Validator {
        private final int min;

        public MinLength(int min) {
            this.min = min;
        }

        @Override
        public void validate(Object value) {
            if (value == null) {
                throw new ValidationError("Value must not be None");
            }
            if (value.toString().length() < min) {
                throw new ValidationError("Length of '" + value + "' " + value.toString().length() + " < " + min);
            }
        }
    }

    /** Fails for numbers below {@code min}. */
    public static class MinValue implements Validator {
        private final BigDecimal min;

        public MinValue(long min) {
            this.min = BigDecimal.valueOf(min);
        }

        public MinValue(BigDecimal min) {
            this.min = min;
        }

        @Override
        public void validate(Object value) {
            if (numeric(value).compareTo(min) < 0) {
                throw new ValidationError("Value should be greater or equal to " + min);
            }
        }
    }

    /** Fails for numbers above {@code max}. */
    public static class MaxValue implements Validator {
        private final BigDecimal max;

        public MaxValue(long max) {
            this.max = BigDecimal.valueOf(max);
        }

        public MaxValue(BigDecimal max) {
            this.max = max;
        }

        @Override
        public void validate(Object value) {
            if (numeric(value).compareTo(max) > 0) {
                throw new ValidationError("Value should be less or equal to " + max);
            }
        }
    }

    /** Fails for text that the pattern does not match from its start. */
    public static class Regex implements Validator {
        private final Pattern pattern;

        public Regex(String regex) {
            this.pattern = Pattern.compile(regex);
        }

        @Override
        public void validate(Object value) {
            if (value == null || !pattern.matcher(value.toString()).lookingAt()) {
                throw new ValidationError("Value '" + value + "' does not match regex '" + pattern.pattern() + "'");
            }
        }
    }

    private static BigDecimal numeric(Object value) {
        if (value instanceof BigDecimal b) {
            return b;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        throw new ValidationError("Value must be a numeric value and is required");
    }
}
