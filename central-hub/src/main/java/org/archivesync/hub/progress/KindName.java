package org.archivesync.hub.progress;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;

/**
 * A request field naming a {@link MilestoneKind}, checked against the enum itself so the API accepts exactly its kinds.
 * The field stays a String in the request body so that an unknown kind is one field error among the others of the
 * request (an enum field would make the whole body unreadable). Null is left to {@code @NotNull}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = KindName.Check.class)
@interface KindName {

    String message() default "is not a milestone kind";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Whether a name is one of {@link MilestoneKind}'s. */
    final class Check implements ConstraintValidator<KindName, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || Arrays.stream(MilestoneKind.values()).anyMatch(k -> k.name().equals(value))) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("is not a milestone kind (one of "
                    + Arrays.toString(MilestoneKind.values()) + ")").addConstraintViolation();
            return false;
        }
    }
}
