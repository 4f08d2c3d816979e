package io.slaplatform.notifier.mail;

/**
 * The welcome to Enterprise support, to the license address.
 *
 * @param product    the licensed product
 * @param validFrom  first day of the add-on, in the region's zone
 * @param validUntil the day it ends (exclusive instant, shown as its date), in the region's zone
 * @param phone      the support phone number of the region
 * @param hours      the region's business hours as configured
 * @param timeZone   the region's zone id
 * @param webCall    how to plan a web call, as configured
 */
public record SupportActivatedMail(String licenseEmail, String product, String validFrom, String validUntil,
                                   String phone, String hours, String timeZone, String webCall) {
}
