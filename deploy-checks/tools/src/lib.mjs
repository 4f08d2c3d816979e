// Shared parts of the deploy-checks validators: paths, argument parsing, YAML loading, what the platform is made of
// (services, topics, required settings), and error reporting.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

export const TOOLS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MODULE_DIR = resolve(TOOLS_DIR, '..');
export const ROOT = resolve(MODULE_DIR, '..');
export const BUILD_DIR = join(MODULE_DIR, 'target');

/** `--name value`, `--flag` (in `booleans`) and positional arguments; a repeated option collects its values. */
export function parseArgs(argv, booleans = []) {
    const options = {};
    const positional = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith('--')) { positional.push(arg); continue; }
        const name = arg.slice(2);
        if (booleans.includes(name)) { options[name] = true; continue; }
        if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
        (options[name] ??= []).push(argv[++i]);
    }
    return { options, positional };
}

/** Every YAML document of a file or a string, without the empty ones. */
export function loadDocs(text) {
    return yaml.loadAll(text).filter(doc => doc !== null && doc !== undefined);
}

export function loadYamlFile(file) {
    return yaml.load(readFileSync(file, 'utf8'));
}

/** Collects problems; prints them as they come; the exit code says whether there were any. */
export class Report {
    constructor(title) {
        this.title = title;
        this.errors = 0;
        this.checked = 0;
    }
    error(where, message) {
        this.errors++;
        console.error(`ERROR ${where}: ${message}`);
    }
    pass() {
        this.checked++;
    }
    finish(what) {
        const line = `${this.title}: ${what}, ${this.errors} problem${this.errors === 1 ? '' : 's'}`;
        (this.errors ? console.error : console.log)(line);
        return this.errors ? 1 : 0;
    }
}

/** The platform's topics: platform-events Topics.ALL, read from its source. */
export function readTopics(root = ROOT) {
    const file = join(root, 'platform-events/src/main/java/io/slaplatform/events/Topics.java');
    const source = readFileSync(file, 'utf8');
    const constants = Object.fromEntries([...source.matchAll(/static\s+final\s+String\s+(\w+)\s*=\s*"([^"]+)"/g)]
        .map(m => [m[1], m[2]]));
    const all = source.match(/List<String>\s+ALL\s*=\s*List\.of\(([^)]*)\)/);
    if (!all) throw new Error(`${file}: no Topics.ALL = List.of(...)`);
    return all[1].split(',').map(s => s.trim()).filter(Boolean).map(name => {
        if (!(name in constants)) throw new Error(`${file}: Topics.ALL names ${name}, which is not a String constant`);
        return constants[name];
    });
}

/** The root pom's modules. */
export function modules(root = ROOT) {
    const pom = readFileSync(join(root, 'pom.xml'), 'utf8');
    return [...pom.matchAll(/<module>\s*([^<\s]+)\s*<\/module>/g)].map(m => m[1]);
}

/**
 * The services: the root pom's *-service modules. Each must have src/main/docker/Dockerfile.jvm; its port and schema
 * are the defaults of its application.properties.
 */
export function services(root = ROOT) {
    return modules(root).filter(m => m.endsWith('-service')).map(name => {
        const dir = join(root, name);
        const propsFile = join(dir, 'src/main/resources/application.properties');
        const props = existsSync(propsFile) ? readProperties(propsFile) : {};
        return {
            name,
            dir,
            dockerfile: join(dir, 'src/main/docker/Dockerfile.jvm'),
            port: props['quarkus.http.port'],
            schema: props['db.schema'],
        };
    });
}

function readProperties(file) {
    const props = {};
    const text = readFileSync(file, 'utf8').replace(/\\\r?\n\s*/g, '');
    for (const line of text.split(/\r?\n/)) {
        const m = line.match(/^\s*([^#!\s=:][^=:\s]*)\s*[=:]\s*(.*)$/);
        if (m) props[m[1]] = m[2].trim();
    }
    return props;
}

/**
 * What a service needs in its environment to start (README "Configuration" and "Security"): an entry that is an
 * array is satisfied by any one of its names.
 */
export function requiredEnv(service) {
    const common = ['KAFKA_BOOTSTRAP_SERVERS', 'QUARKUS_DATASOURCE_JDBC_URL', 'QUARKUS_DATASOURCE_USERNAME',
        'QUARKUS_DATASOURCE_PASSWORD', 'DB_SCHEMA', 'QUARKUS_HTTP_PORT', 'MP_JWT_VERIFY_ISSUER',
        'MP_JWT_VERIFY_AUDIENCES', ['MP_JWT_VERIFY_PUBLICKEY', 'MP_JWT_VERIFY_PUBLICKEY_LOCATION']];
    const extra = {
        'notifier-service': ['QUARKUS_MAILER_HOST', 'QUARKUS_MAILER_PORT', 'NOTIFIER_LINKS_SLA_BASE_URL'],
    };
    return [...common, ...(extra[service] ?? [])];
}

/** The required entries that `has(name)` does not satisfy, as text. */
export function missingEnv(service, has) {
    return requiredEnv(service)
        .filter(entry => Array.isArray(entry) ? !entry.some(has) : !has(entry))
        .map(entry => Array.isArray(entry) ? entry.join(' or ') : entry);
}

/** Why an image reference is not pinned, or null: it needs an explicit tag other than latest (or a digest). */
export function imageTagProblem(image) {
    if (typeof image !== 'string' || !image) return 'no image';
    if (image.includes('@sha256:')) return null;
    const lastPart = image.slice(image.lastIndexOf('/') + 1);
    if (!lastPart.includes(':')) return `image ${image} has no tag (pin one)`;
    const tag = lastPart.slice(lastPart.indexOf(':') + 1);
    if (!tag || tag === 'latest') return `image ${image} uses the tag "${tag || 'empty'}" (pin a version)`;
    if (/\$\{/.test(tag)) return `image ${image} takes its tag from a variable (pin a version)`;
    return null;
}

/** The instructions of a Dockerfile: {line, instruction, args}, continuation lines joined, comments dropped. */
export function parseDockerfile(text) {
    const out = [];
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
        let line = lines[i];
        if (/^\s*(#|$)/.test(line)) continue;
        const start = i + 1;
        while (/\\\s*$/.test(line) && i + 1 < lines.length) {
            line = line.replace(/\\\s*$/, ' ');
            i++;
            if (!/^\s*#/.test(lines[i])) line += lines[i];
        }
        const m = line.trim().match(/^(\S+)\s*(.*)$/);
        out.push({ line: start, instruction: m[1].toUpperCase(), args: m[2].trim() });
    }
    return out;
}

/** The ports a Dockerfile EXPOSEs. */
export function exposedPorts(dockerfile) {
    return parseDockerfile(readFileSync(dockerfile, 'utf8'))
        .filter(i => i.instruction === 'EXPOSE')
        .flatMap(i => i.args.split(/\s+/).map(p => p.split('/')[0]));
}

/** Files of a directory, recursively, whose name matches. */
export function findFiles(dir, pattern) {
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return findFiles(path, pattern);
        return pattern.test(entry.name) ? [path] : [];
    });
}
