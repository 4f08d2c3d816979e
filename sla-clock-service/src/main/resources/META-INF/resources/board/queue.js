// The lead board: the tickets waiting for support, most urgent first, live (docs/lead-board.md).
// The queue comes from GET /sla (running and breached cycles, and those running without a guaranteed response time); GET /sla/events pushes every SLA event with the
// ticket's current cycle; the queue is read again every minute. In between, the business time left counts down
// each second while the ticket's calendar is open (GET /calendars/{id}/status), and stands still while it is
// closed.
import {api, duration, esc, instant, localTime, publicApi, startPage, seconds, describe, token} from './common.js';

const REFRESH_MS = 60_000;
const tickets = new Map(); // requestId -> cycle view (RUNNING, BREACHED or UNGUARANTEED), with readAt: when read (ms)
const WAITING = new Set(['RUNNING', 'BREACHED', 'UNGUARANTEED']);
const statuses = new Map(); // calendar id -> {open, nextOpening, nextClosing} (ms, or null for none)
let selected = null;

startPage('index.html', async () => {
    for (const input of document.querySelectorAll('#impact-filter input')) input.addEventListener('change', render);
    document.getElementById('calendar-filter').addEventListener('change', render);
    loadCalendars();
    connect();
    await refresh();
    setInterval(refresh, REFRESH_MS);
    setInterval(tick, 1000);
});

async function loadCalendars() {
    try {
        const select = document.getElementById('calendar-filter');
        for (const calendar of await publicApi('/calendars')) {
            select.insertAdjacentHTML('beforeend', `<option value="${esc(calendar.id)}">${esc(calendar.id)} (${esc(calendar.timeZone)})</option>`);
        }
    } catch (e) {
        // the filter keeps "All calendars"
    }
}

/** Reads the whole queue (the cycles waiting for support, up to 1000) and whether their calendars are open. */
async function refresh() {
    try {
        const queue = await api('/sla?state=RUNNING,BREACHED,UNGUARANTEED&limit=1000');
        tickets.clear();
        const readAt = Date.now();
        for (const cycle of queue) tickets.set(cycle.requestId, {...cycle, readAt});
        await loadStatuses(new Set(queue.map(cycle => cycle.calendar)));
        document.getElementById('as-of').textContent = `Queue read ${instant(new Date().toISOString())}.`;
        showError(null);
        render();
    } catch (e) {
        if (e.status !== 401) showError(`Cannot read the queue: ${describe(e)}`);
    }
}

async function loadStatuses(calendars) {
    const ms = iso => iso ? Date.parse(iso) : null;
    await Promise.all([...calendars].map(async id => {
        try {
            const s = await publicApi(`/calendars/${encodeURIComponent(id)}/status`);
            statuses.set(id, {open: s.open, nextOpening: ms(s.nextOpening), nextClosing: ms(s.nextClosing)});
        } catch (e) {
            statuses.delete(id); // unknown: the time left stands still until the next read
        }
    }));
}

/**
 * Business time (s) on a calendar between two instants (ms) within the next minute or so: while it is open up to
 * its next closing, while it is closed from its next opening.
 */
function businessSeconds(calendar, from, to) {
    const s = statuses.get(calendar);
    if (!s || to <= from) return 0;
    const [start, end] = s.open ? [from, Math.min(to, s.nextClosing ?? Infinity)]
        : [Math.max(from, s.nextOpening ?? Infinity), to];
    return Math.max(0, (end - start) / 1000);
}

/** The business time left (negative: overdue) as of now, from the value read and the time since. */
function secondsLeft(cycle, now = Date.now()) {
    if (cycle.state === 'UNGUARANTEED') return Infinity; // no deadline: after every ticket that has one
    const read = cycle.state === 'BREACHED' ? -(seconds(cycle.overdue) ?? 0) : (seconds(cycle.remaining) ?? 0);
    return read - businessSeconds(cycle.calendar, cycle.readAt ?? now, now);
}

function leftText(cycle) {
    if (cycle.state === 'UNGUARANTEED') return '—';
    const left = secondsLeft(cycle);
    if (cycle.state === 'BREACHED') return `${duration(`PT${-left}S`)} overdue`;
    return left > 0 ? duration(`PT${left}S`) : 'due now';
}

/** Each second: the business time left of every shown ticket. */
function tick() {
    for (const cell of document.querySelectorAll('#queue td.left')) {
        const cycle = tickets.get(cell.parentElement.dataset.requestId);
        if (cycle) cell.textContent = leftText(cycle);
    }
}

/** The board's colour of a cycle: breached, warning (past the first warning share) or on track. */
function boardState(cycle) {
    if (cycle.state === 'BREACHED') return 'breached';
    if (cycle.state === 'UNGUARANTEED') return 'unguaranteed';
    return cycle.warning ? 'warning' : 'on-track';
}

const LABEL = {'on-track': 'On track', 'warning': 'Warning', 'breached': 'Breached',
    'unguaranteed': 'No guaranteed time'};

/** Most urgent first: the longest overdue, then the least business time left. */
function urgency(cycle) {
    return secondsLeft(cycle);
}

function render(changedId) {
    const impacts = new Set([...document.querySelectorAll('#impact-filter input:checked')].map(i => i.value));
    const calendar = document.getElementById('calendar-filter').value;
    const all = [...tickets.values()];
    const shown = all.filter(c => impacts.has(c.impact) && (!calendar || c.calendar === calendar))
        .sort((a, b) => (urgency(a) === urgency(b) ? 0 : urgency(a) - urgency(b)) || a.requestId.localeCompare(b.requestId));
    const body = document.querySelector('#queue tbody');
    body.innerHTML = shown.map(cycle => {
        const state = boardState(cycle);
        return `<tr class="ticket${cycle.requestId === selected ? ' selected' : ''}${cycle.requestId === changedId ? ' changed' : ''}"
                    data-request-id="${esc(cycle.requestId)}" data-board-state="${state}" tabindex="0">
            <td class="mono" title="${esc(cycle.requestId)}">${esc(cycle.requestId.slice(0, 8))}${cycle.cycle > 1 ? ` <span class="status">cycle ${cycle.cycle}</span>` : ''}</td>
            <td><span class="impact ${esc(cycle.impact)}">${esc(cycle.impact)}</span></td>
            <td>${esc(cycle.calendar)}</td>
            <td>${esc(localTime(cycle.deadlineLocal))}</td>
            <td class="num left">${esc(leftText(cycle))}</td>
            <td><span class="chip ${state}">${LABEL[state]}</span></td>
        </tr>`;
    }).join('');
    for (const row of body.querySelectorAll('tr.ticket')) {
        row.addEventListener('click', () => showHistory(row.dataset.requestId));
        row.addEventListener('keydown', e => { if (e.key === 'Enter') showHistory(row.dataset.requestId); });
    }
    document.getElementById('queue-empty').hidden = shown.length > 0;
    const count = state => all.filter(c => boardState(c) === state).length;
    document.getElementById('counts').innerHTML =
        `<span><b>${all.length}</b> waiting</span><span class="chip warning">${count('warning')} warning</span> `
        + `<span class="chip breached">${count('breached')} breached</span>`;
}

/** Applies a pushed SLA event: the ticket's current cycle replaces the row, or removes it once answered. */
function apply(update) {
    const cycle = update.cycle;
    if (cycle && WAITING.has(cycle.state)) {
        tickets.set(update.requestId, {...cycle, readAt: Date.now()});
        if (!statuses.has(cycle.calendar)) loadStatuses([cycle.calendar]);
    } else {
        tickets.delete(update.requestId);
    }
    render(update.requestId);
    if (selected === update.requestId) showHistory(update.requestId);
}

/**
 * Follows GET /sla/events. EventSource cannot send the token, so the stream is read with fetch; a dropped
 * stream is opened again after a pause, and the queue read again to catch up.
 */
async function connect() {
    let pause = 1000;
    for (;;) {
        setLive('connecting', 'connecting…');
        try {
            const response = await fetch('/sla/events', {headers: {'Accept': 'text/event-stream', 'Authorization': `Bearer ${token()}`}});
            if (response.status === 401 || response.status === 403) {
                setLive('offline', response.status === 401 ? 'not signed in' : 'no access to the live feed');
                return;
            }
            if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
            const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
            let buffer = '';
            for (;;) {
                const {value, done} = await reader.read();
                if (done) break;
                buffer += value;
                let blank;
                while ((blank = /\r?\n\r?\n/.exec(buffer))) { // an event ends at a blank line
                    handle(buffer.slice(0, blank.index));
                    buffer = buffer.slice(blank.index + blank[0].length);
                }
            }
        } catch (e) {
            // dropped: reconnect below
        }
        setLive('reconnecting', 'reconnecting…');
        await new Promise(resolve => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, 30_000);
        refresh();
    }

    function handle(block) {
        let name = 'message';
        const data = [];
        for (const line of block.split(/\r?\n/)) {
            if (line.startsWith(':')) continue; // keep-alive comment
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'event') name = value;
            else if (field === 'data') data.push(value);
        }
        if (name === 'ready') {
            pause = 1000;
            setLive('live', 'live');
        } else if (data.length) {
            apply(JSON.parse(data.join('\n')));
        }
    }
}

function setLive(status, text) {
    document.getElementById('live').dataset.status = status;
    document.getElementById('live-text').textContent = text;
}

function showError(message) {
    const error = document.getElementById('board-error');
    error.hidden = !message;
    error.textContent = message || '';
}

/** The ticket's SLA in the side panel: decision, calendar, current cycle, and every SLA event emitted or pending. */
async function showHistory(requestId) {
    selected = requestId;
    const panel = document.getElementById('history');
    document.getElementById('layout').classList.add('with-panel');
    panel.hidden = false;
    for (const row of document.querySelectorAll('tr.ticket')) row.classList.toggle('selected', row.dataset.requestId === requestId);
    try {
        const ticket = await api(`/sla/${encodeURIComponent(requestId)}`);
        const current = ticket.current || {};
        panel.innerHTML = `<h2>Ticket <span class="mono">${esc(requestId.slice(0, 8))}</span>
                <button type="button" class="link" id="close-history" aria-label="Close">✕</button></h2>
            <dl>
                <dt>Request</dt><dd class="mono">${esc(requestId)}</dd>
                <dt>Submitted</dt><dd>${esc(instant(ticket.submittedAt))}</dd>
                <dt>Calendar</dt><dd>${esc(ticket.calendar)} (${esc(ticket.timeZone)})</dd>
                <dt>Cycle</dt><dd>${esc(current.cycle)} · ${esc(current.impact)} · ${esc(current.state)}</dd>
                <dt>Deadline</dt><dd>${current.state === 'UNGUARANTEED' || current.state === 'ANSWERED'
                    ? 'none: no guaranteed response time for this cycle' : esc(localTime(current.deadlineLocal))}</dd>
            </dl>
            <h3>SLA history</h3>
            <ol class="timeline" id="timeline">${(ticket.events || []).map(event => `
                <li class="${event.skipped ? 'skipped' : event.emittedAt ? 'emitted' : 'pending'}" data-type="${esc(event.type)}">
                    <b>${esc(event.type)}</b> <span class="status">${esc(describeEvent(event))}</span>
                    <span class="when">${event.skipped ? `not sent: ${esc(event.skipped)}` : event.emittedAt ? `at ${esc(instant(event.emittedAt))}` : `due ${esc(instant(event.dueAt))} (pending)`}</span>
                </li>`).join('')}</ol>`;
        panel.querySelector('#close-history').addEventListener('click', () => {
            selected = null;
            panel.hidden = true;
            document.getElementById('layout').classList.remove('with-panel');
            render();
        });
    } catch (e) {
        panel.innerHTML = `<p class="error">Cannot read ticket ${esc(requestId)}: ${esc(describe(e))}</p>`;
    }
}

function describeEvent(event) {
    const p = event.payload || {};
    switch (event.type) {
        case 'ClockStarted': return `${p.impact}, target ${duration(p.target)}`;
        case 'DeadlineChanged': return `${p.previousImpact} → ${p.newImpact}`;
        case 'DeadlineApproaching': return `${duration(p.remaining)} left`;
        case 'ResponseLate': return `${duration(p.lateness)} late`;
        case 'ResponseDeadlineMet': return `${duration(p.remaining)} to spare`;
        case 'UnguaranteedCycleStarted': return `no guaranteed response time: ${p.reason}`;
        default: return '';
    }
}
