// Checks the Grafana dashboards (deploy/grafana/*.json): valid JSON with a title and a uid, unique panel ids, every
// panel with a PromQL query on the dashboard's Prometheus data source variable, and every metric the queries name
// listed in deploy/grafana/metrics.txt, the metrics the services expose (each service's MetricsTest checks its
// /q/metrics against that list, so a renamed or missing metric fails one side or the other).
//
//   node dashboards.mjs [--metrics FILE] DASHBOARD.json...
//
// Exit code 1 on any problem.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, Report, parseArgs } from './lib.mjs';

const { options, positional } = parseArgs(process.argv.slice(2));
const root = options.root?.[0] ?? ROOT;
const metricsFile = options.metrics?.[0] ?? join(root, 'deploy/grafana/metrics.txt');
const report = new Report('dashboards');
if (!positional.length) {
    console.error('usage: node dashboards.mjs [--metrics FILE] DASHBOARD.json...');
    process.exit(2);
}

const known = new Set(readFileSync(metricsFile, 'utf8').split('\n')
    .map(l => l.trim()).filter(l => l && !l.startsWith('#')).map(l => l.split(/\s+/)[1]));

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and',
    'or', 'unless', 'inf', 'nan']);

/** The metric names a PromQL expression selects: identifiers that are not functions, keywords, labels or numbers. */
function metricNames(expr) {
    const stripped = expr
        .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')       // string literals
        .replace(/\{[^}]*\}/g, ' ')                                           // label matchers
        .replace(/\[[^\]]*\]/g, ' ')                                          // ranges, subqueries
        .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ') // grouping label lists
        .replace(/\$\w+/g, ' ');                                              // Grafana variables
    const names = new Set();
    for (const m of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
        const after = stripped.slice(m.index + m[0].length).trimStart();
        const before = stripped[m.index - 1];
        if (after.startsWith('(') || KEYWORDS.has(m[0].toLowerCase()) || /[0-9.]/.test(before ?? '')) continue;
        names.add(m[0]);
    }
    return [...names];
}

for (const file of positional) {
    if (!existsSync(file)) { report.error(file, 'does not exist'); continue; }
    let dashboard;
    try {
        dashboard = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
        report.error(file, `is not JSON: ${e.message}`);
        continue;
    }
    if (!dashboard.title) report.error(file, 'no title');
    if (!dashboard.uid) report.error(file, 'no uid (an import would create a new dashboard each time)');
    const variables = new Set((dashboard.templating?.list ?? []).map(v => v.name));
    const panels = (dashboard.panels ?? []).flatMap(p => [p, ...(p.panels ?? [])]);
    if (!panels.some(p => p.type !== 'row')) report.error(file, 'no panels');
    const ids = new Set();
    for (const panel of panels) {
        const where = `${file} panel "${panel.title}"`;
        if (ids.has(panel.id)) report.error(where, `duplicate panel id ${panel.id}`);
        ids.add(panel.id);
        if (panel.type === 'row') continue;
        const targets = panel.targets ?? [];
        if (!targets.length || targets.some(t => !t.expr?.trim())) report.error(where, 'a panel without a PromQL query');
        for (const ds of [panel.datasource, ...targets.map(t => t.datasource)].filter(Boolean)) {
            const variable = typeof ds.uid === 'string' && ds.uid.match(/^\$\{?(\w+)\}?$/)?.[1];
            if (ds.type !== 'prometheus' || !variable || !variables.has(variable)) {
                report.error(where, `data source ${JSON.stringify(ds)} is not the dashboard's Prometheus variable`);
            }
        }
        for (const t of targets) {
            for (const name of metricNames(t.expr ?? '')) {
                if (!known.has(name)) report.error(where, `unknown metric ${name} (not in ${metricsFile})`);
            }
        }
    }
    report.pass();
}
process.exit(report.finish(`${positional.length} dashboard${positional.length === 1 ? '' : 's'}`));
