/**
 * The SLA cycles of one ticket, computed from what happened to it: plain Java, no framework.
 *
 * <p>{@link io.slaplatform.slaclock.cycle.CyclePlanner} replays a ticket's facts (submission, support responses,
 * customer replies, reclassifications, resolution) in the order they happened and returns every SLA event the
 * ticket calls for, each with a stable key and the instant it is due. The service compares that plan with what it
 * has already emitted: a key not yet emitted and due is emitted now, one due later is a timer. Because the plan
 * depends only on the facts, the order in which they arrive, redeliveries and restarts do not change it.
 */
package io.slaplatform.slaclock.cycle;
