package io.slaplatform.notifier.service;

import io.slaplatform.notifier.domain.Subscription;
import io.slaplatform.notifier.repository.SubscriptionRepository;
import io.slaplatform.notifier.rest.SubscriptionBody;
import io.slaplatform.notifier.rest.SubscriptionView;
import io.slaplatform.runtime.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Support leads' subscriptions to SLA alerts. */
@ApplicationScoped
public class SubscriptionService {

    private static final Logger LOG = Logger.getLogger(SubscriptionService.class);

    private final SubscriptionRepository repository;
    private final CalendarDirectory calendars;
    private final Clock clock;

    SubscriptionService(SubscriptionRepository repository, CalendarDirectory calendars, Clock clock) {
        this.repository = repository;
        this.calendars = calendars;
        this.clock = clock;
    }

    /** @throws ProblemException 400 naming {@code calendars[i]} for a calendar the notifier does not know */
    @Transactional
    public SubscriptionView create(SubscriptionBody body) {
        Instant now = now();
        Subscription s = from(UUID.randomUUID(), body, now, now);
        repository.insert(s);
        LOG.infof("Subscription %s created for %s", s.id(), s.alertTypes());
        return SubscriptionView.of(s);
    }

    /**
     * Replaces a subscription's address, alerts and filters.
     *
     * @throws ProblemException 404 for an unknown id, 400 for an unknown calendar
     */
    @Transactional
    public SubscriptionView replace(UUID id, SubscriptionBody body) {
        Subscription existing = repository.find(id).orElseThrow(() -> ProblemException.notFound("Subscription", id));
        Subscription s = from(id, body, existing.createdAt(), now());
        repository.update(s);
        LOG.infof("Subscription %s updated", id);
        return SubscriptionView.of(s);
    }

    /** @throws ProblemException 404 for an unknown id */
    @Transactional
    public void delete(UUID id) {
        if (!repository.delete(id)) {
            throw ProblemException.notFound("Subscription", id);
        }
        LOG.infof("Subscription %s deleted", id);
    }

    /** @throws ProblemException 404 for an unknown id */
    @Transactional
    public SubscriptionView find(UUID id) {
        return repository.find(id).map(SubscriptionView::of)
                .orElseThrow(() -> ProblemException.notFound("Subscription", id));
    }

    /** Every subscription, oldest first; those of one address (ignoring case) when {@code email} is given. */
    @Transactional
    public List<SubscriptionView> list(String email) {
        return repository.list(email).stream().map(SubscriptionView::of).toList();
    }

    private Subscription from(UUID id, SubscriptionBody body, Instant createdAt, Instant updatedAt) {
        Set<String> wanted = new LinkedHashSet<>();
        List<String> given = body.calendars() == null ? List.of() : body.calendars();
        for (int i = 0; i < given.size(); i++) {
            String calendar = given.get(i).trim();
            if (calendars.calendar(calendar).isEmpty()) {
                throw ProblemException.invalidField("calendars[" + i + "]",
                        "is not a known calendar; known: " + String.join(", ", calendars.ids()));
            }
            wanted.add(calendar);
        }
        return new Subscription(id, body.email().trim(), EnumSet.copyOf(body.eventTypes()), body.minimumImpact(),
                wanted, body.locale(), createdAt, updatedAt);
    }

    /** Now as PostgreSQL keeps it (microseconds), so what is answered is what is stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
