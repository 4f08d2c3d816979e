package io.slaplatform.runtime.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An address the platform can mail: required, at most {@link Validation#EMAIL_MAX} characters, and a plain
 * {@code local@domain} ({@link Validation#PLAIN_ADDRESS}). The one rule of every address the platform takes (a
 * request's license and contact, a license's e-mail, a lead's subscription): what the mailer could not deliver is
 * refused at the door with a 400 naming the field, rather than accepted and never mailed.
 */
@NotBlank
@Email
@Size(max = Validation.EMAIL_MAX)
@Pattern(regexp = Validation.PLAIN_ADDRESS, message = "must be a plain address such as jane.doe@customer.example "
        + "(no display name, quotes, brackets, spaces or encoded words)")
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = {})
public @interface MailAddress {

    String message() default "must be a plain e-mail address";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
