// Support leads' subscriptions to SLA alerts, through the notifier's API (/subscriptions, role lead). The
// notifier is another service: GET /sla/settings says where, and the notifier allows this page's origin (CORS).
import {api, describe, esc, instant, publicApi, startPage} from './common.js';

let notifier = '';

startPage('subscriptions.html', async () => {
    try {
        notifier = (await api('/sla/settings')).notifierUrl.replace(/\/$/, '');
    } catch (e) {
        return show('error', `Cannot read the board's settings: ${describe(e)}`);
    }
    document.getElementById('notifier-url').textContent = notifier;
    document.getElementById('subscribe').addEventListener('submit', subscribe);
    try {
        document.getElementById('calendar-choices').innerHTML = (await publicApi('/calendars')).map(c =>
            `<label><input type="checkbox" name="calendars" value="${esc(c.id)}"> ${esc(c.id)}</label>`).join('');
    } catch (e) {
        // without the list, subscriptions are for every calendar
    }
    await list();
});

function show(kind, message) {
    for (const other of ['error', 'notice']) {
        const element = document.getElementById(`subscriptions-${other}`);
        element.hidden = other !== kind || !message;
        element.textContent = other === kind ? message : '';
    }
}

async function list() {
    let subscriptions;
    try {
        subscriptions = await api('/subscriptions', {base: notifier});
    } catch (e) {
        if (e.status !== 401) show('error', `Cannot read the subscriptions: ${describe(e)}`);
        return;
    }
    const table = document.getElementById('subscriptions');
    table.innerHTML = `<thead><tr><th>Address</th><th>Alerts</th><th>Minimum impact</th><th>Calendars</th><th>Since</th><th></th></tr></thead>
        <tbody>${subscriptions.map(s => `<tr data-subscription-id="${esc(s.id)}" data-email="${esc(s.email)}">
            <td>${esc(s.email)}</td><td>${esc(s.eventTypes.join(', '))}</td><td>${esc(s.minimumImpact || 'any')}</td>
            <td>${esc((s.calendars || []).join(', ') || 'all')}</td><td>${esc(instant(s.createdAt))}</td>
            <td><button type="button" class="danger" data-delete="${esc(s.id)}">Unsubscribe</button></td></tr>`).join('')
        || '<tr><td colspan="6" class="empty">No subscriptions yet.</td></tr>'}</tbody>`;
    for (const button of table.querySelectorAll('[data-delete]')) {
        button.addEventListener('click', () => unsubscribe(button.dataset.delete));
    }
}

async function subscribe(event) {
    event.preventDefault();
    const form = event.target;
    const checked = name => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map(i => i.value);
    const body = {email: form.email.value.trim(), eventTypes: checked('eventTypes'), calendars: checked('calendars')};
    if (form.minimumImpact.value) body.minimumImpact = form.minimumImpact.value;
    if (form.locale.value.trim()) body.locale = form.locale.value.trim();
    try {
        const created = await api('/subscriptions', {method: 'POST', body, base: notifier});
        show('notice', `Subscribed ${created.email}.`);
        form.email.value = '';
        await list();
    } catch (e) {
        if (e.status !== 401) show('error', `Not subscribed: ${describe(e)}`);
    }
}

async function unsubscribe(id) {
    try {
        await api(`/subscriptions/${encodeURIComponent(id)}`, {method: 'DELETE', base: notifier});
        show('notice', 'Unsubscribed.');
        await list();
    } catch (e) {
        if (e.status !== 401) show('error', `Cannot unsubscribe: ${describe(e)}`);
    }
}
