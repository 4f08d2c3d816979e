package io.slaplatform.slaclock.cycle;

import io.slaplatform.events.Breached;
import io.slaplatform.events.ClockStarted;
import io.slaplatform.events.DeadlineApproaching;
import io.slaplatform.events.DeadlineChanged;
import io.slaplatform.events.Impact;
import io.slaplatform.events.ReclassificationPolicy;
import io.slaplatform.events.RejectionReason;
import io.slaplatform.events.ResponseDeadlineMet;
import io.slaplatform.events.ResponseLate;
import io.slaplatform.events.UnguaranteedCycleAnswered;
import io.slaplatform.events.UnguaranteedCycleStarted;
import io.slaplatform.slaclock.calendar.BusinessCalendar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Computes the SLA events of one accepted ticket from its facts, as the design's clock rules define them:
 * <ul>
 *   <li>a cycle starts at submission, and again at a customer reply while none runs; at most one runs;</li>
 *   <li>a cycle a reply starts is guaranteed only if Enterprise support covered the reply's instant, as
 *       eligibility decided it ({@link SlaFact.Coverage}); one that was not covered runs without a guaranteed
 *       response time: {@code UnguaranteedCycleStarted}, then {@code UnguaranteedCycleAnswered} at the response, and
 *       no deadline, warning or breach; while the coverage of such a reply is not decided, it and every fact after
 *       it wait (eligibility decides a ticket's replies in order);</li>
 *   <li>the first support response stops it (met at or before the deadline, late after); a resolution also
 *       closes the ticket, so later facts start nothing;</li>
 *   <li>a warning per configured share of the target, a breach when the deadline passes with no response;</li>
 *   <li>a reclassification moves the running cycle's deadline (RETROACTIVE: as if the new impact had been set at
 *       the cycle start; FROM_RECLASSIFICATION: the new target runs from the change), re-arms the warnings, and
 *       breaches at once when the new deadline has passed; later cycles use the latest impact;</li>
 *   <li>a breached cycle's deadline no longer moves: a reclassification after the breach changes the impact for
 *       later cycles only, and its {@code DeadlineChanged} is planned as skipped (kept in the audit trail, never
 *       emitted); the response to a breached cycle is late against the deadline it missed;</li>
 *   <li>warnings are given ahead of time or not at all: a warning whose instant lies before the instant the clock
 *       could know of the cycle ({@code knownSince}, the eligibility decision: a late decision; for a cycle a reply
 *       starts, the later of it and the reply's coverage decision) is planned as skipped; the breach, if the
 *       deadline has passed, is not.</li>
 * </ul>
 * Facts are replayed in the order they happened (ties in id order), whatever order they arrived in; a fact dated
 * before the submission counts as happening at the submission. Pure and thread-safe.
 */
public final class CyclePlanner {

    /** Why a warning is skipped: the clock learned of the cycle after the warning's instant. */
    public static final String LEARNED_LATE = "the clock learned of this cycle after the warning's instant "
            + "(a late eligibility decision): a warning is given ahead of time or not at all";
    /** Why a reclassification's deadline change is skipped: the cycle had breached before it. */
    public static final String AFTER_BREACH = "the cycle had breached before this reclassification: its missed "
            + "deadline stands; the new impact applies to later cycles";

    private static final Comparator<SlaFact> HAPPENED = Comparator.comparing(SlaFact::at)
            .thenComparing(SlaFact::id);

    private CyclePlanner() {
    }

    /**
     * Every SLA event the ticket calls for, in due order (ties in the order they arise).
     *
     * @param submittedAt   when the request was submitted: the first cycle's start
     * @param initialImpact the impact at submission
     * @param facts         what happened since, in any order
     */
    public static List<PlannedEvent> plan(UUID requestId, Instant submittedAt, Impact initialImpact,
                                          List<? extends SlaFact> facts, SlaRules rules) {
        return plan(requestId, submittedAt, initialImpact, facts, rules, null);
    }

    /**
     * Every SLA event the ticket calls for, in due order (ties in the order they arise).
     *
     * @param submittedAt   when the request was submitted: the first cycle's start
     * @param initialImpact the impact at submission
     * @param facts         what happened since, in any order
     * @param knownSince    when the clock could first know of the ticket's cycles (the eligibility decision);
     *                      warnings due before it are planned as skipped; {@code null}: from the submission
     */
    public static List<PlannedEvent> plan(UUID requestId, Instant submittedAt, Impact initialImpact,
                                          List<? extends SlaFact> facts, SlaRules rules, Instant knownSince) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(initialImpact, "initialImpact");
        Objects.requireNonNull(rules, "rules");
        List<SlaFact> ordered = new ArrayList<>(facts);
        ordered.sort(HAPPENED);

        List<Cycle> cycles = new ArrayList<>();
        Impact impact = initialImpact;
        Cycle running = Cycle.start(1, submittedAt, impact, rules, knownSince);
        cycles.add(running);
        for (SlaFact fact : ordered) {
            Instant at = fact.at().isBefore(submittedAt) ? submittedAt : fact.at();
            if (fact instanceof SlaFact.Reclassification change) {
                if (running != null) {
                    running.reclassify(change.id(), at, change.newImpact(), rules);
                }
                impact = change.newImpact();
            } else if (fact instanceof SlaFact.Response response) {
                if (running != null) {
                    running.stop(at);
                    running = null;
                }
                if (response.resolution()) {
                    break;
                }
            } else if (fact instanceof SlaFact.Reply reply && running == null) {
                if (reply.coverage() == SlaFact.Coverage.PENDING) {
                    break; // whether the cycle it starts is guaranteed is not known yet: it and what follows wait
                }
                running = reply.coverage() == SlaFact.Coverage.COVERED
                        ? Cycle.start(cycles.size() + 1, at, impact, rules, later(knownSince, reply.decidedAt()))
                        : Cycle.unguaranteed(cycles.size() + 1, at, impact, reply.reason());
                cycles.add(running);
            }
        }

        List<PlannedEvent> events = new ArrayList<>();
        for (Cycle cycle : cycles) {
            cycle.events(requestId, rules, events);
        }
        events.sort(Comparator.comparing(PlannedEvent::dueAt)); // stable: ties keep the order they arose in
        return List.copyOf(events);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /** One deadline of a cycle, in force from {@code from} until the next version or the stop. */
    private record Version(int number, Instant from, Impact impact, Duration target, Instant base,
                           Instant deadline, UUID causedBy) {
    }

    /** A response cycle being replayed. */
    private static final class Cycle {
        final int number;
        final Instant start;
        /** When the clock could first know of the cycle; {@code null}: from its start. */
        final Instant knownSince;
        /** Why the cycle has no guaranteed response time; {@code null} for a guaranteed cycle. */
        final RejectionReason notCovered;
        /** The impact at the start of an unguaranteed cycle, which has no versions. */
        final Impact unguaranteedImpact;
        final List<Version> versions = new ArrayList<>();
        /** Reclassifications that came after the cycle breached: recorded, never applied to it. */
        final List<Version> afterBreach = new ArrayList<>();
        Instant stoppedAt;

        private Cycle(int number, Instant start, Instant knownSince, RejectionReason notCovered, Impact impact) {
            this.number = number;
            this.start = start;
            this.knownSince = knownSince;
            this.notCovered = notCovered;
            this.unguaranteedImpact = impact;
        }

        static Cycle start(int number, Instant start, Impact impact, SlaRules rules, Instant knownSince) {
            Cycle cycle = new Cycle(number, start, knownSince, null, null);
            Duration target = rules.target(impact);
            cycle.versions.add(new Version(0, start, impact, target, start,
                    rules.calendar().deadline(start, target), null));
            return cycle;
        }

        /** A cycle without a guaranteed response time: no deadline, so no versions, warnings or breach. */
        static Cycle unguaranteed(int number, Instant start, Impact impact, RejectionReason reason) {
            return new Cycle(number, start, null, Objects.requireNonNull(reason, "reason of a reply not covered"),
                    impact);
        }

        void reclassify(UUID factId, Instant at, Impact newImpact, SlaRules rules) {
            if (notCovered != null) {
                return; // no deadline to move; later cycles take the new impact
            }
            Version current = versions.get(versions.size() - 1);
            if (current.impact() == newImpact) {
                return;
            }
            Instant base = rules.policy() == ReclassificationPolicy.RETROACTIVE ? start : at;
            Duration target = rules.target(newImpact);
            Version next = new Version(versions.size(), at, newImpact, target, base,
                    rules.calendar().deadline(base, target), factId);
            if (breachDue(current).isBefore(at)) {
                afterBreach.add(next); // breached before the change (the window is half-open): the deadline stands
            } else {
                versions.add(next);
            }
        }

        /** When a version breaches if nothing ends it first: its deadline, or its start if that is later. */
        private static Instant breachDue(Version version) {
            return version.deadline().isBefore(version.from()) ? version.from() : version.deadline();
        }

        void stop(Instant at) {
            stoppedAt = at;
        }

        /** The end of a version's time in force: the next version's start, the stop, or never (null). */
        private Instant end(int index) {
            Instant next = index + 1 < versions.size() ? versions.get(index + 1).from() : null;
            if (stoppedAt == null) {
                return next;
            }
            return next == null || stoppedAt.isBefore(next) ? stoppedAt : next;
        }

        private static boolean before(Instant instant, Instant endOrNull) {
            return endOrNull == null || instant.isBefore(endOrNull);
        }

        void events(UUID requestId, SlaRules rules, List<PlannedEvent> out) {
            BusinessCalendar calendar = rules.calendar();
            String prefix = "c" + number + "/";
            if (notCovered != null) {
                out.add(new PlannedEvent(prefix + "started", start, new UnguaranteedCycleStarted(requestId, number,
                        unguaranteedImpact, calendar.id(), notCovered, start)));
                if (stoppedAt != null) {
                    out.add(new PlannedEvent(prefix + "responded", stoppedAt,
                            new UnguaranteedCycleAnswered(requestId, number, stoppedAt)));
                }
                return;
            }
            Version first = versions.get(0);
            out.add(new PlannedEvent(prefix + "started", start, new ClockStarted(requestId, number, first.impact(),
                    calendar.id(), first.target(), start, first.deadline())));

            Instant breachAt = null;
            Version breached = null;
            for (int i = 0; i < versions.size(); i++) {
                Version version = versions.get(i);
                Instant end = end(i);
                if (i > 0) {
                    Version previous = versions.get(i - 1);
                    out.add(new PlannedEvent(prefix + "changed/" + version.causedBy(), version.from(),
                            new DeadlineChanged(requestId, number, previous.impact(), version.impact(),
                                    previous.deadline(), version.deadline(), rules.policy(), version.from())));
                }
                if (breachAt != null) {
                    continue; // one breach per cycle; later deadlines neither warn nor breach again
                }
                for (double share : rules.warningShares()) {
                    Instant reached = calendar.instantAtShare(version.base(), version.target(), share);
                    Instant warnAt = reached.isBefore(version.from()) ? version.from() : reached;
                    if (before(warnAt, end) && warnAt.isBefore(version.deadline())) {
                        out.add(new PlannedEvent(prefix + "v" + version.number() + "/warn/" + share, warnAt,
                                new DeadlineApproaching(requestId, number, version.impact(), calendar.id(), share,
                                        calendar.businessTimeBetween(warnAt, version.deadline()),
                                        version.deadline(), warnAt),
                                knownSince != null && warnAt.isBefore(knownSince) ? LEARNED_LATE : null));
                    }
                }
                Instant due = breachDue(version);
                // The window is half-open, so a response exactly at the deadline meets it.
                if (before(due, end)) {
                    breachAt = due;
                    breached = version;
                    out.add(new PlannedEvent(prefix + "breached", due, new Breached(requestId, number,
                            version.impact(), calendar.id(), version.deadline())));
                }
            }

            Version last = versions.get(versions.size() - 1);
            for (Version ignored : afterBreach) {
                out.add(new PlannedEvent(prefix + "changed/" + ignored.causedBy(), ignored.from(),
                        new DeadlineChanged(requestId, number, last.impact(), ignored.impact(), last.deadline(),
                                ignored.deadline(), rules.policy(), ignored.from()), AFTER_BREACH));
            }

            if (stoppedAt != null) {
                // A breached cycle stays breached: the response is late against the deadline it missed, even when
                // a later reclassification moved the deadline past the response.
                Version atStop = breached;
                if (atStop == null) {
                    atStop = versions.get(0);
                    for (Version version : versions) {
                        if (!version.from().isAfter(stoppedAt)) {
                            atStop = version;
                        }
                    }
                }
                Instant deadline = atStop.deadline();
                out.add(new PlannedEvent(prefix + "responded", stoppedAt, stoppedAt.isAfter(deadline)
                        ? new ResponseLate(requestId, number, atStop.impact(), calendar.id(), deadline, stoppedAt,
                        calendar.businessTimeBetween(deadline, stoppedAt), Duration.between(deadline, stoppedAt))
                        : new ResponseDeadlineMet(requestId, number, atStop.impact(), calendar.id(), deadline,
                        stoppedAt, calendar.businessTimeBetween(stoppedAt, deadline))));
            }
        }
    }
}
