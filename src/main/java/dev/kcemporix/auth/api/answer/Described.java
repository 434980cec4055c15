package dev.kcemporix.auth.api.answer;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a response body, or one of its fields, means to the storefront developer who reads it. The
 * published API document is generated from the body records and these words, so the words live
 * beside the field they describe and cannot drift from it. A field that may be left out says so the
 * way Jackson reads it, with {@code @JsonInclude}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.RECORD_COMPONENT})
public @interface Described {

    String value();
}
