/**
 * SLA attainment reports: plain Java, no framework. {@link io.slaplatform.slaclock.report.Attainment} turns the
 * cycles started in a range of months ({@link io.slaplatform.slaclock.report.CycleRecord}, from the
 * {@code sla_cycle} table) into the share of cycles met by month, impact and calendar, the business time to
 * support's response, and the breaches with their lateness. Time enters as a parameter; nothing here reads a clock.
 */
package io.slaplatform.slaclock.report;
