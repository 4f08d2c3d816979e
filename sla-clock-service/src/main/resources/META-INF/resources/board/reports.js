// SLA attainment: GET /sla/reports/attainment and /sla/reports/breaches (docs/lead-board.md).
import {api, describe, duration, esc, instant, percent, startPage, IMPACTS} from './common.js';

const COLOURS = {CRITICAL: '#a8231d', MAJOR: '#d9772b', MODERATE: '#c9a400', LIMITED: '#6f8fb8'};

startPage('reports.html', () => {
    const now = new Date();
    const month = d => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1));
    document.getElementById('from').value = month(from);
    document.getElementById('to').value = month(now);
    document.getElementById('range').addEventListener('submit', event => {
        event.preventDefault();
        load();
    });
    for (const button of document.querySelectorAll('[data-download]')) {
        button.addEventListener('click', () => download(button.dataset.download, button.dataset.format));
    }
    load();
});

function range() {
    return `from=${encodeURIComponent(document.getElementById('from').value)}&to=${encodeURIComponent(document.getElementById('to').value)}`;
}

async function load() {
    const error = document.getElementById('report-error');
    try {
        const [report, breaches] = await Promise.all([
            api(`/sla/reports/attainment?${range()}`), api(`/sla/reports/breaches?${range()}`)]);
        error.hidden = true;
        tiles(report.total);
        chart(report);
        groups('by-impact', 'Impact', report.byImpact, g => `<span class="impact ${esc(g.impact)}">${esc(g.impact)}</span>`);
        groups('by-calendar', 'Calendar', report.byCalendar, g => esc(g.calendar));
        groups('rows', 'Month · calendar · impact', report.rows, g => `${esc(g.month)} · ${esc(g.calendar)} · ${esc(g.impact)}`);
        breachTable(breaches);
    } catch (e) {
        if (e.status === 401) return;
        error.hidden = false;
        error.textContent = `Cannot read the report: ${describe(e)}`;
    }
}

function tiles(total) {
    const tile = (label, value, id) => `<div class="tile" id="${id}"><div class="label">${label}</div><div class="value">${value}</div></div>`;
    document.getElementById('tiles').innerHTML = [
        tile('Attainment', percent(total.attainment), 'tile-attainment'),
        tile('Cycles', total.cycles, 'tile-cycles'),
        tile('Met', total.met, 'tile-met'),
        tile('Missed', total.missed, 'tile-missed'),
        tile('Open', total.open, 'tile-open'),
        tile('Median response', duration(total.medianResponse) || '–', 'tile-median'),
        tile('90th percentile', duration(total.p90Response) || '–', 'tile-p90'),
    ].join('');
}

function groups(id, heading, list, label) {
    document.getElementById(id).innerHTML = `<thead><tr><th>${heading}</th><th class="num">Cycles</th><th class="num">Met</th>
        <th class="num">Missed</th><th class="num">Open</th><th class="num">Attainment</th><th class="num">Median response</th>
        <th class="num">p90 response</th></tr></thead><tbody>${list.map(g => `<tr>
        <td>${label(g)}</td><td class="num">${g.cycles}</td><td class="num">${g.met}</td><td class="num">${g.missed}</td>
        <td class="num">${g.open}</td><td class="num">${percent(g.attainment)}</td>
        <td class="num">${duration(g.medianResponse) || '–'}</td><td class="num">${duration(g.p90Response) || '–'}</td></tr>`).join('')
        || '<tr><td colspan="8" class="empty">No cycles in this range.</td></tr>'}</tbody>`;
}

function breachTable(breaches) {
    document.getElementById('breaches').innerHTML = `<thead><tr><th>Ticket</th><th>Impact</th><th>Calendar</th><th>Deadline</th>
        <th>Answered</th><th>Standing</th><th class="num">Lateness (business time)</th></tr></thead><tbody>${breaches.map(b => `
        <tr data-request-id="${esc(b.requestId)}"><td class="mono" title="${esc(b.requestId)}">${esc(b.requestId.slice(0, 8))}${b.cycle > 1 ? ` (cycle ${b.cycle})` : ''}</td>
        <td><span class="impact ${esc(b.impact)}">${esc(b.impact)}</span></td><td>${esc(b.calendar)}</td>
        <td>${esc(instant(b.deadline))}</td><td>${b.respondedAt ? esc(instant(b.respondedAt)) : '<i>not yet</i>'}</td>
        <td><span class="chip breached">${esc(b.standing)}</span></td><td class="num">${esc(duration(b.lateness))}</td></tr>`).join('')
        || '<tr><td colspan="7" class="empty">No breaches in this range.</td></tr>'}</tbody>`;
}

/** Grouped bars: per month, the attainment of each impact (met / decided cycles, over every calendar). */
function chart(report) {
    const months = report.byMonth.map(g => g.month);
    const share = {};
    for (const row of report.rows) {
        const key = `${row.month}|${row.impact}`;
        const s = share[key] || (share[key] = {met: 0, decided: 0});
        s.met += row.met;
        s.decided += row.met + row.missed;
    }
    const width = Math.max(420, 90 + months.length * 150), height = 250, top = 26, bottom = 40, left = 44;
    const plot = height - top - bottom, slot = (width - left - 10) / Math.max(1, months.length), bar = Math.min(26, (slot - 20) / 4);
    let svg = '';
    for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
        const y = top + plot * (1 - tick);
        svg += `<line x1="${left}" x2="${width - 10}" y1="${y}" y2="${y}" stroke="#e3e8ee"/><text x="${left - 6}" y="${y + 4}" text-anchor="end">${tick * 100}%</text>`;
    }
    months.map(esc).forEach((month, i) => { // escaped once: the months go into the SVG markup
        const x0 = left + i * slot + (slot - bar * 4) / 2;
        IMPACTS.forEach((impact, j) => {
            const s = share[`${month}|${impact}`];
            if (!s || s.decided === 0) return;
            const value = s.met / s.decided, h = plot * value, x = x0 + j * bar;
            svg += `<rect class="bar" data-month="${month}" data-impact="${impact}" data-value="${value.toFixed(4)}" x="${x}" y="${top + plot - h}" width="${bar - 3}" height="${Math.max(h, 1)}" fill="${COLOURS[impact]}"><title>${month} ${impact}: ${percent(value)} (${s.met}/${s.decided})</title></rect>`
                + `<text x="${x + (bar - 3) / 2}" y="${top + plot - h - 4}" text-anchor="middle">${Math.round(value * 100)}%</text>`;
        });
        svg += `<text x="${left + i * slot + slot / 2}" y="${height - bottom + 18}" text-anchor="middle">${month}</text>`;
    });
    const element = document.getElementById('chart');
    element.setAttribute('viewBox', `0 0 ${width} ${height}`);
    element.setAttribute('width', width);
    element.setAttribute('height', height);
    element.innerHTML = svg;
    document.getElementById('legend').innerHTML = IMPACTS.map(i => `<span><i class="swatch-${i}"></i>${i}</span>`).join('');
}

/** Downloads a report with the token (a plain link could not send it). */
async function download(report, format) {
    try {
        const accept = format === 'csv' ? 'text/csv' : 'application/json';
        const text = await api(`/sla/reports/${report}?${range()}`, {accept, asText: true});
        const blob = new Blob([text], {type: accept});
        const link = document.createElement('a');
        link.href = URL.createObjectURL(blob);
        link.download = `${report}-${document.getElementById('from').value}-${document.getElementById('to').value}.${format}`;
        link.click();
        URL.revokeObjectURL(link.href);
    } catch (e) {
        const error = document.getElementById('report-error');
        error.hidden = false;
        error.textContent = `Cannot download: ${describe(e)}`;
    }
}
