// Checks a docker-compose file: dclint (the Compose specification's schema and its rules), then what neither
// dclint nor `docker compose config` checks:
//  - every depends_on target exists; service_healthy only on a service with a healthcheck; service_completed_successfully
//    only on a one-shot service (no restart policy that keeps it running); no dependency cycle;
//  - every long-running service has a healthcheck, every service a memory limit, every image a pinned tag;
//  - the services built from a module's src/main/docker/Dockerfile.jvm get every variable they need to start
//    (README "Configuration" and "Security"), and QUARKUS_HTTP_PORT is the port their Dockerfile EXPOSEs;
//  - every ${VARIABLE} without a default is in .env.example, build contexts and bind-mounted paths exist;
//  - with --platform: every service module is in the file and KAFKA_TOPICS lists platform-events Topics.ALL.
//
//   node compose.mjs [--platform] [--root DIR] [--env-example FILE] [--no-dclint] FILE [--override FILE]...
//
// Relative paths in the file are taken from --root (the project directory), as `docker compose` does for a file
// at the root. Overrides (e.g. deploy/compose/short-sla.yml) are merged as `docker compose -f FILE -f OVERRIDE` does
// for the keys checked here. Exit code 1 on any problem.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import yaml from 'js-yaml';
import {
    ROOT, TOOLS_DIR, Report, exposedPorts, imageTagProblem, missingEnv, parseArgs, readTopics, services,
} from './lib.mjs';

const { options, positional } = parseArgs(process.argv.slice(2), ['platform', 'no-dclint']);
const root = resolve(options.root?.[0] ?? ROOT);
const envExample = resolve(options['env-example']?.[0] ?? join(root, '.env.example'));
const file = positional[0];
const report = new Report('compose');
if (!file || positional.length > 1) {
    console.error('usage: node compose.mjs [--platform] [--root DIR] [--env-example FILE] FILE [--override FILE]...');
    process.exit(2);
}

// dclint: errors only. no-build-and-image is off: the service images are built here and tagged for the stack.
if (!options['no-dclint']) {
    const run = spawnSync(process.execPath, [join(TOOLS_DIR, 'node_modules/dclint/bin/dclint.cjs'), file, '-q', '--no-color',
        '--disable-rule', 'no-build-and-image'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    if (run.status !== 0) report.error(`dclint ${file}`, (run.stdout + run.stderr).trim() || `exit ${run.status}`);
}

let compose;
try {
    compose = yaml.load(readFileSync(file, 'utf8'));
    for (const override of options.override ?? []) merge(compose, yaml.load(readFileSync(override, 'utf8')), override);
} catch (e) {
    report.error(file, `cannot be read: ${e.message}`);
    process.exit(report.finish('not checked'));
}

/** `docker compose -f a -f b` for the keys checked here: maps merge, environment per variable, the rest replaces. */
function merge(base, override, name) {
    for (const [service, def] of Object.entries(override?.services ?? {})) {
        const target = base.services?.[service];
        if (!target) { report.error(name, `overrides service ${service}, which ${file} does not define`); continue; }
        for (const [key, value] of Object.entries(def)) {
            if (key === 'environment') target.environment = { ...envMap(target.environment), ...envMap(value) };
            else if (value && typeof value === 'object' && !Array.isArray(value)) target[key] = { ...target[key], ...value };
            else target[key] = value;
        }
    }
}

function envMap(environment) {
    if (!environment) return {};
    if (Array.isArray(environment)) {
        return Object.fromEntries(environment.map(e => {
            const i = String(e).indexOf('=');
            return i < 0 ? [e, undefined] : [e.slice(0, i), e.slice(i + 1)];
        }));
    }
    return environment;
}

function dependsOn(def) {
    const deps = def.depends_on;
    if (!deps) return {};
    if (Array.isArray(deps)) return Object.fromEntries(deps.map(d => [d, { condition: 'service_started' }]));
    return deps;
}

function hostPath(p) {
    return isAbsolute(p) ? p : resolve(root, p);
}

const servicesDefined = compose?.services;
if (!servicesDefined || typeof servicesDefined !== 'object') {
    report.error(file, 'no services');
    process.exit(report.finish('not checked'));
}
if ('version' in compose) report.error(file, 'the top-level "version" is obsolete; remove it');

const names = Object.keys(servicesDefined);
// One-shot services: declared so (restart "no") or awaited with service_completed_successfully.
const oneShot = new Set(names.filter(n => servicesDefined[n].restart === 'no'));
for (const def of Object.values(servicesDefined)) {
    for (const [target, dep] of Object.entries(dependsOn(def))) if (dep?.condition === 'service_completed_successfully') oneShot.add(target);
}

for (const [name, def] of Object.entries(servicesDefined)) {
    const at = `${file} service ${name}`;
    if (!def.image && !def.build) report.error(at, 'neither image nor build');
    if (def.image) {
        const problem = imageTagProblem(def.image);
        if (problem) report.error(at, problem);
    }
    for (const [target, dep] of Object.entries(dependsOn(def))) {
        const condition = dep?.condition ?? 'service_started';
        if (!servicesDefined[target]) { report.error(at, `depends on ${target}, which is not a service of this file`); continue; }
        const targetDef = servicesDefined[target];
        if (condition === 'service_healthy' && (!targetDef.healthcheck || targetDef.healthcheck.disable)) {
            report.error(at, `waits for ${target} to be healthy (service_healthy), but ${target} has no healthcheck: it would never start`);
        }
        if (condition === 'service_completed_successfully' && ['always', 'unless-stopped'].includes(targetDef.restart)) {
            report.error(at, `waits for ${target} to complete, but ${target} restarts "${targetDef.restart}"`);
        }
        if (!['service_started', 'service_healthy', 'service_completed_successfully'].includes(condition)) {
            report.error(at, `unknown depends_on condition ${condition}`);
        }
    }
    if (!oneShot.has(name) && !def.healthcheck) report.error(at, 'no healthcheck (every long-running service needs one)');
    if (def.healthcheck && !def.healthcheck.disable && !def.healthcheck.test) report.error(at, 'its healthcheck has no test');
    if (!def.mem_limit && !def.deploy?.resources?.limits?.memory) report.error(at, 'no memory limit (mem_limit)');
    if (def.build) {
        const context = hostPath(typeof def.build === 'string' ? def.build : def.build.context ?? '.');
        const dockerfile = join(context, def.build.dockerfile ?? 'Dockerfile');
        if (!existsSync(context)) report.error(at, `build context ${context} does not exist`);
        else if (!existsSync(dockerfile)) report.error(at, `Dockerfile ${dockerfile} does not exist`);
    }
    for (const volume of def.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0] : volume.source;
        if (/^[./~]/.test(source ?? '') && !existsSync(hostPath(source))) report.error(at, `bind-mounted path ${source} does not exist`);
    }
}

// Dependency cycles: docker compose refuses them.
const visiting = new Set();
const done = new Set();
function visit(name, path) {
    if (done.has(name) || !servicesDefined[name]) return;
    if (visiting.has(name)) { report.error(file, `dependency cycle ${[...path, name].join(' -> ')}`); return; }
    visiting.add(name);
    for (const target of Object.keys(dependsOn(servicesDefined[name]))) visit(target, [...path, name]);
    visiting.delete(name);
    done.add(name);
}
names.forEach(n => visit(n, []));

// The platform's services: the ones built from a module's src/main/docker/Dockerfile.jvm.
const modules = services(root);
for (const [name, def] of Object.entries(servicesDefined)) {
    if (!def.build) continue;
    const context = hostPath(typeof def.build === 'string' ? def.build : def.build.context ?? '.');
    const module = modules.find(m => resolve(m.dir) === context);
    if (!module) continue;
    const at = `${file} service ${name} (${module.name})`;
    const env = envMap(def.environment);
    const set = v => v !== undefined && v !== null && String(v).trim() !== '';
    const missing = missingEnv(module.name, n => set(env[n]));
    if (missing.length) report.error(at, `does not set ${missing.join(', ')} (the service would not start)`);
    const port = String(env.QUARKUS_HTTP_PORT);
    if (existsSync(module.dockerfile) && !exposedPorts(module.dockerfile).includes(port)) {
        report.error(at, `QUARKUS_HTTP_PORT ${port} is not the port ${module.dockerfile} EXPOSEs`);
    }
    if (!def.healthcheck) report.error(at, 'no healthcheck');
    const keyFile = String(env.MP_JWT_VERIFY_PUBLICKEY_LOCATION ?? '').match(/^file:(\/.*)$/)?.[1];
    const mounts = (def.volumes ?? []).map(v => typeof v === 'string' ? v.split(':')[1] : v.target).filter(Boolean);
    if (keyFile && !mounts.some(m => keyFile.startsWith(`${m.replace(/\/$/, '')}/`))) {
        report.error(at, `MP_JWT_VERIFY_PUBLICKEY_LOCATION names ${keyFile}, but no volume is mounted there`);
    }
    const published = (def.ports ?? []).map(p => String(typeof p === 'object' ? p.target : p.split(':').pop()).split('/')[0]);
    if (published.length && !published.includes(port)) report.error(at, `publishes ${published.join(', ')} but listens on ${port}`);
}

if (options.platform) {
    for (const module of modules) {
        const built = Object.values(servicesDefined).some(def => def.build && hostPath(def.build.context ?? def.build) === resolve(module.dir));
        if (!built) report.error(file, `no service is built from ${module.name} (every service module runs in the stack)`);
    }
    const topicLists = Object.values(servicesDefined).map(def => envMap(def.environment).KAFKA_TOPICS).filter(Boolean);
    const expected = readTopics(root);
    if (!topicLists.length) report.error(file, 'no service creates the topics (KAFKA_TOPICS)');
    for (const list of topicLists) {
        const topics = String(list).split(',').map(t => t.trim());
        for (const t of expected) if (!topics.includes(t)) report.error(file, `KAFKA_TOPICS lacks ${t} (platform-events Topics.ALL)`);
        for (const t of topics) if (!expected.includes(t)) report.error(file, `KAFKA_TOPICS has ${t}, which is not in platform-events Topics.ALL`);
    }
}

// Interpolation: ${NAME} without a default must be documented in .env.example (and .env must stay out of git).
const documented = existsSync(envExample)
    ? new Set(readFileSync(envExample, 'utf8').split(/\r?\n/).map(l => l.match(/^\s*([A-Za-z_][A-Za-z0-9_]*)=/)?.[1]).filter(Boolean))
    : new Set();
const interpolated = [];
const collect = value => {
    if (typeof value === 'string') interpolated.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
};
collect(compose);
for (const value of interpolated) {
    for (const m of value.replace(/\$\$/g, '').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
        const variable = m[1] ?? m[3];
        const rest = m[2] ?? '';
        if (/^:?-/.test(rest)) continue;
        if (!documented.has(variable)) report.error(file, `\${${variable}} has no default and is not in ${envExample}`);
    }
}
if (documented.size) {
    const gitignore = existsSync(join(root, '.gitignore')) ? readFileSync(join(root, '.gitignore'), 'utf8') : '';
    if (!/^\/?\.env\s*$/m.test(gitignore)) report.error(join(root, '.gitignore'), '.env (the local copy of .env.example, with real passwords) is not ignored');
}

process.exit(report.finish(`${names.length} services of ${file}`));
