// Proves that the checks fail when they should: runs each validator on manifests with one mistake each and
// expects it to exit non-zero AND to name that mistake (the case's `# expect:` line), so that a check that broke,
// or that fails for another reason, is caught.
//
// Cases:
//  - src/test/resources/broken/k8s/*.yaml, kustomize/*/, compose/*.yml, docker/*.Dockerfile: hand-written;
//  - mutations of the real files (the rendered prod overlay in target/rendered, docker-compose.yml) for the
//    whole-platform checks, which need a whole platform to start from.
//
//   node negative.mjs [--root DIR]      (after all.mjs, which renders the overlays)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { BUILD_DIR, MODULE_DIR, ROOT, loadDocs, parseArgs } from './lib.mjs';

const { options } = parseArgs(process.argv.slice(2));
const root = resolve(options.root?.[0] ?? ROOT);
const here = new URL('.', import.meta.url).pathname;
const broken = join(MODULE_DIR, 'src/test/resources/broken');
const work = join(BUILD_DIR, 'negative');
mkdirSync(work, { recursive: true });

function expectOf(file) {
    const m = readFileSync(file, 'utf8').match(/^# expect: (.+)$/m);
    if (!m) throw new Error(`${file} has no "# expect: <message>" line`);
    return m[1].trim();
}
const list = (dir, pattern) => existsSync(dir) ? readdirSync(dir).filter(f => pattern.test(f)).sort().map(f => join(dir, f)) : [];

const cases = [];
for (const f of list(join(broken, 'k8s'), /\.ya?ml$/)) cases.push({ name: `k8s/${basename(f)}`, script: 'k8s.mjs', args: [f], expect: expectOf(f) });
for (const d of list(join(broken, 'kustomize'), /./)) {
    cases.push({ name: `kustomize/${basename(d)}`, script: 'k8s.mjs', args: ['--kustomize', d], expect: expectOf(join(d, 'kustomization.yaml')) });
}
// dclint takes a second to start: only the dclint- cases run it (the others name a mistake of our own checks).
for (const f of list(join(broken, 'compose'), /\.ya?ml$/)) {
    const dclint = basename(f).startsWith('dclint-');
    cases.push({ name: `compose/${basename(f)}`, script: 'compose.mjs', args: dclint ? [f] : ['--no-dclint', f], expect: expectOf(f) });
}
for (const f of list(join(broken, 'docker'), /Dockerfile$/)) {
    const service = basename(f).startsWith('service-');
    cases.push({ name: `docker/${basename(f)}`, script: 'dockerfiles.mjs', args: service ? ['--service', f] : [f], expect: expectOf(f) });
}

// Mutations of the real manifests: each removes or breaks one thing the whole-platform checks must notice.
const renderedProd = join(BUILD_DIR, 'rendered/prod.yaml');
if (!existsSync(renderedProd)) throw new Error(`${renderedProd} is missing: run all.mjs first`);
const prodDocs = () => loadDocs(readFileSync(renderedProd, 'utf8'));
const composeDoc = () => yaml.load(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
const mutations = [
    ['prod-topic-missing', 'k8s', 'no KafkaTopic for topic sla.breached',
        docs => docs.filter(d => !(d.kind === 'KafkaTopic' && d.spec.topicName === 'sla.breached'))],
    ['prod-issuer-missing', 'k8s', 'does not get MP_JWT_VERIFY_ISSUER',
        docs => docs.map(d => {
            if (d.kind === 'ConfigMap' && d.metadata.name.startsWith('sla-platform-config')) delete d.data.MP_JWT_VERIFY_ISSUER;
            return d;
        })],
    ['prod-hpa-above-partitions', 'k8s', 'HPA maxReplicas 24 is above the 12 partitions',
        docs => docs.map(d => {
            if (d.kind === 'HorizontalPodAutoscaler' && d.metadata.name === 'notifier-service') d.spec.maxReplicas = 24;
            return d;
        })],
    ['prod-schema-not-created', 'k8s', 'does not create schema sla_clock',
        docs => docs.map(d => {
            if (d.kind === 'Cluster') d.spec.bootstrap.initdb.postInitApplicationSQL = d.spec.bootstrap.initdb.postInitApplicationSQL.filter(s => !s.includes('SCHEMA sla_clock'));
            return d;
        })],
    ['compose-topic-missing', 'compose', 'KAFKA_TOPICS lacks sla.breached',
        c => { const t = c.services['kafka-topics'].environment; t.KAFKA_TOPICS = t.KAFKA_TOPICS.replace(',sla.breached', ''); return c; }],
    ['compose-mailpit-without-healthcheck', 'compose', 'mailpit has no healthcheck: it would never start',
        c => { delete c.services.mailpit.healthcheck; return c; }],
    ['compose-notifier-without-smtp', 'compose', 'does not set QUARKUS_MAILER_HOST',
        c => { delete c.services['notifier-service'].environment.QUARKUS_MAILER_HOST; return c; }],
    ['compose-public-key-not-mounted', 'compose', 'MP_JWT_VERIFY_PUBLICKEY_LOCATION names /run/sla-jwt/public.pem, but no volume is mounted there',
        c => { delete c.services['sla-clock-service'].volumes; return c; }],
    ['compose-service-missing', 'compose', 'no service is built from eligibility-service',
        c => {
            delete c.services['eligibility-service'];
            delete c.services['dev-credentials'].depends_on['eligibility-service'];
            return c;
        }],
];
// The dashboard with a metric no service exposes (a typo, or a metric renamed in the code).
{
    const dashboard = readFileSync(join(root, 'deploy/grafana/sla-health.json'), 'utf8');
    const file = join(work, 'dashboard-unknown-metric.json');
    writeFileSync(file, dashboard.replace('sum(sla_cycles_running)', 'sum(sla_cycle_running)'));
    cases.push({ name: 'mutation/dashboard-unknown-metric', script: 'dashboards.mjs', args: [file], expect: 'unknown metric sla_cycle_running' });
}
for (const [name, kind, expect, mutate] of mutations) {
    if (kind === 'k8s') {
        const file = join(work, `${name}.yaml`);
        writeFileSync(file, mutate(prodDocs()).map(d => yaml.dump(d, { lineWidth: -1, noRefs: true })).join('---\n'));
        cases.push({ name: `mutation/${name}`, script: 'k8s.mjs', args: ['--platform', file], expect });
    } else {
        const file = join(work, `${name}.yml`);
        writeFileSync(file, yaml.dump(mutate(composeDoc()), { lineWidth: -1, noRefs: true }));
        cases.push({ name: `mutation/${name}`, script: 'compose.mjs', args: ['--platform', '--no-dclint', file], expect });
    }
}

function run(c) {
    return new Promise(done => {
        const child = spawn(process.execPath, [join(here, c.script), '--root', root, ...c.args], { cwd: root });
        let output = '';
        child.stdout.on('data', d => { output += d; });
        child.stderr.on('data', d => { output += d; });
        child.on('close', status => done({ ...c, status, output }));
    });
}

// Two at a time (CI has two cores).
const results = [];
const queue = [...cases];
await Promise.all([0, 1].map(async () => {
    while (queue.length) results.push(await run(queue.shift()));
}));

let failed = 0;
for (const r of results.sort((a, b) => a.name.localeCompare(b.name))) {
    const named = r.output.includes(r.expect);
    if (r.status !== 0 && named) {
        console.log(`ok   ${r.name}: rejected (${r.expect})`);
    } else {
        failed++;
        console.error(`FAIL ${r.name}: ${r.status === 0 ? 'the check PASSED a broken input' : `the check failed without naming "${r.expect}"`}`);
        console.error(r.output.trim().split('\n').map(l => `       ${l}`).join('\n'));
    }
}
console.log(`deploy-checks negative cases: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
