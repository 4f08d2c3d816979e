// Shared by the lead board's pages (docs/lead-board.md): the header, signing in with a staff token, calls to the
// platform's APIs with it, and formatting. Plain ES module, no build step.

const TOKEN_KEY = 'sla-board-token';

const PAGES = [
    ['index.html', 'Board'],
    ['reports.html', 'Reports'],
    ['subscriptions.html', 'Subscriptions'],
];

/** The token the user signed in with, or null. Kept for the browser tab only (sessionStorage). */
export function token() {
    return sessionStorage.getItem(TOKEN_KEY);
}

/** The token's claims (subject, roles), decoded for display; the services verify it, not this page. */
export function claims() {
    const t = token();
    if (!t) return null;
    try {
        const part = t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        return JSON.parse(atob(part + '='.repeat((4 - part.length % 4) % 4)));
    } catch (e) {
        return null;
    }
}

/** An error answer of an API: its status and problem+json detail, if any. */
export class ApiError extends Error {
    constructor(status, problem) {
        super(problem && (problem.detail || problem.title) || `HTTP ${status}`);
        this.status = status;
        this.problem = problem;
    }
}

/**
 * Calls an API of the platform with the signed-in token. `base` is another service's URL (the notifier's), or
 * empty for this one; JSON answers are parsed unless `asText`. A 401 sends the user back to the sign-in form.
 */
export async function api(path, {method = 'GET', body, accept = 'application/json', base = '', asText = false} = {}) {
    const headers = {'Accept': accept, 'Authorization': `Bearer ${token()}`};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(base + path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    if (response.status === 401) {
        showSignIn('Your token was not accepted (expired, or from another issuer). Sign in again.');
        throw new ApiError(401, null);
    }
    if (!response.ok) {
        let problem = null;
        try {
            problem = await response.json();
        } catch (e) {
            // not problem+json
        }
        if (response.status === 403 && !problem?.detail) {
            problem = {...problem, detail: 'Your token lacks the role this needs (lead).'};
        }
        throw new ApiError(response.status, problem);
    }
    if (response.status === 204) return null;
    return accept === 'application/json' && !asText ? response.json() : response.text();
}

/** Calls an API without credentials (the public calendar endpoints). */
export async function publicApi(path) {
    const response = await fetch(path, {headers: {'Accept': 'application/json'}});
    if (!response.ok) throw new ApiError(response.status, null);
    return response.json();
}

/** A problem as text for the page: the detail, then each invalid field. */
export function describe(error) {
    if (error instanceof ApiError && error.problem?.errors?.length) {
        return error.problem.errors.map(e => `${e.field}: ${e.message}`).join('; ');
    }
    return error.message || String(error);
}

let onSignedIn = null;

/**
 * Sets the page up: the header with its navigation, then either the sign-in form or `start()` once signed in.
 */
export function startPage(current, start) {
    onSignedIn = start;
    const header = document.createElement('header');
    header.className = 'top';
    header.innerHTML = `<h1>SLA lead board</h1><nav>${PAGES.map(([href, label]) =>
        `<a href="${href}"${href === current ? ' aria-current="page"' : ''}>${label}</a>`).join('')}</nav>
        <span class="spacer"></span><span class="status" id="who"></span>
        <button type="button" id="sign-out" hidden>Sign out</button>`;
    document.body.prepend(header);
    header.querySelector('#sign-out').addEventListener('click', () => {
        sessionStorage.removeItem(TOKEN_KEY);
        location.reload();
    });
    const form = document.createElement('form');
    form.id = 'sign-in';
    form.className = 'card';
    form.hidden = true;
    form.innerHTML = `<h2>Sign in</h2>
        <p>Paste a staff token with the <b>lead</b> role. The local stack prints one (<code>SLA_LEAD_TOKEN</code>
        in <code>target/local-stack/credentials.env</code>); in production it comes from your identity provider.</p>
        <p class="error" id="sign-in-error" hidden></p>
        <textarea id="token" name="token" aria-label="Token" required spellcheck="false"></textarea>
        <p><button class="primary" type="submit">Sign in</button></p>`;
    document.querySelector('main').before(form);
    form.addEventListener('submit', event => {
        event.preventDefault();
        const value = form.querySelector('#token').value.trim().replace(/^Bearer\s+/i, '');
        if (!value) return;
        sessionStorage.setItem(TOKEN_KEY, value);
        location.reload();
    });
    if (!token()) {
        showSignIn();
        return;
    }
    const c = claims();
    header.querySelector('#who').textContent = c ? `${c.upn || c.preferred_username || c.sub || ''} (${(c.groups || []).join(', ')})` : '';
    header.querySelector('#sign-out').hidden = false;
    onSignedIn();
}

function showSignIn(message) {
    const form = document.getElementById('sign-in');
    document.querySelector('main').hidden = true;
    form.hidden = false;
    const error = form.querySelector('#sign-in-error');
    error.hidden = !message;
    error.textContent = message || '';
    if (message) sessionStorage.removeItem(TOKEN_KEY);
}

/** HTML-escapes text for innerHTML. */
export function esc(text) {
    return String(text ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]);
}

/** Seconds of an ISO-8601 duration as Java writes it (PT2H5M3.5S); null stays null. */
export function seconds(iso) {
    if (iso == null) return null;
    const m = /^(-)?PT(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?[\d.]+)S)?$/.exec(iso);
    if (!m) return null;
    const s = (+(m[2] || 0)) * 3600 + (+(m[3] || 0)) * 60 + (+(m[4] || 0));
    return m[1] ? -s : s;
}

/** A duration for people: "3 h 05 min", "12 min 30 s", "45 s". */
export function duration(iso) {
    const s = seconds(iso);
    if (s == null) return '';
    const total = Math.round(Math.abs(s));
    const h = Math.floor(total / 3600), min = Math.floor(total % 3600 / 60), sec = total % 60;
    if (h > 0) return `${h} h ${String(min).padStart(2, '0')} min`;
    if (min > 0) return `${min} min ${String(sec).padStart(2, '0')} s`;
    return `${sec} s`;
}

/** An ISO offset date-time (the calendar's local time) as "Mon 30 Nov 10:00 +01:00". */
export function localTime(isoOffset) {
    if (!isoOffset) return '';
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(isoOffset);
    if (!m) return isoOffset;
    const day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    const name = day.toLocaleDateString('en-GB', {weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC'});
    return `${name} ${m[4]}:${m[5]} ${m[7] === 'Z' ? 'UTC' : m[7]}`;
}

/** An instant in the browser's time zone, to the second. */
export function instant(iso) {
    return iso ? new Date(iso).toLocaleString('en-GB', {dateStyle: 'medium', timeStyle: 'medium'}) : '';
}

/** A fraction as a percentage with one decimal, or an en dash. */
export function percent(fraction) {
    return fraction == null ? '–' : `${(fraction * 100).toFixed(1)} %`;
}

export const IMPACTS = ['CRITICAL', 'MAJOR', 'MODERATE', 'LIMITED'];
