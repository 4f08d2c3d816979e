// Lints Dockerfiles with dockerfile-utils (syntax, instruction arguments), then checks what the project asks of
// its images: a pinned base image, a non-root USER; for the service images (--service, the modules'
// src/main/docker/Dockerfile.jvm) also the UBI OpenJDK 17 runtime base, user 185, the Quarkus fast-jar, an EXPOSEd
// port, and no credentials in ENV or ARG.
//
//   node dockerfiles.mjs [--service FILE]... [FILE]...
//
// Exit code 1 on any problem.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOLS_DIR, Report, imageTagProblem, parseArgs, parseDockerfile } from './lib.mjs';

const { options, positional } = parseArgs(process.argv.slice(2));
const report = new Report('dockerfiles');
const SERVICE_BASE = 'registry.access.redhat.com/ubi9/openjdk-17-runtime';
const files = [...(options.service ?? []).map(f => ({ f, service: true })), ...positional.map(f => ({ f, service: false }))];
if (!files.length) {
    console.error('usage: node dockerfiles.mjs [--service FILE]... [FILE]...');
    process.exit(2);
}

for (const { f, service } of files) {
    if (!existsSync(f)) { report.error(f, 'does not exist'); continue; }
    const lint = spawnSync(process.execPath, [join(TOOLS_DIR, 'node_modules/dockerfile-utils/bin/dockerfile-utils'), 'lint', f],
        { encoding: 'utf8' });
    const lintOutput = (lint.stdout + lint.stderr).trim();
    if (lint.status !== 0 || /^(Error|Warning):/m.test(lintOutput)) report.error(`dockerfile-utils ${f}`, lintOutput || `exit ${lint.status}`);

    const instructions = parseDockerfile(readFileSync(f, 'utf8'));
    const all = name => instructions.filter(i => i.instruction === name);
    const froms = all('FROM');
    if (!froms.length) { report.error(f, 'no FROM'); continue; }
    const stageNames = new Set(froms.map(i => i.args.match(/\s+AS\s+(\S+)/i)?.[1]).filter(Boolean));
    for (const from of froms) {
        const image = from.args.replace(/^--platform=\S+\s+/, '').split(/\s+/)[0];
        if (stageNames.has(image)) continue;
        const problem = imageTagProblem(image);
        if (problem) report.error(`${f}:${from.line}`, `base ${problem}`);
    }
    const users = all('USER');
    const user = users.at(-1)?.args.split(':')[0];
    if (!user || ['root', '0'].includes(user)) report.error(f, `the image runs as ${user ?? 'root (no USER)'}: end with a non-root USER`);
    for (const i of [...all('ENV'), ...all('ARG')]) {
        if (/\b[A-Z0-9_]*(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY)[A-Z0-9_]*\s*=\s*\S/i.test(i.args)) {
            report.error(`${f}:${i.line}`, `${i.instruction} sets a credential (${i.args.split(/[=\s]/)[0]}): pass it at run time`);
        }
    }
    if (service) {
        const base = froms.at(-1).args.split(/\s+/)[0];
        if (!base.startsWith(`${SERVICE_BASE}:`)) report.error(f, `the runtime base must be ${SERVICE_BASE}:<tag> (is ${base})`);
        if (user !== '185') report.error(f, `the service must run as user 185 (the base image's unprivileged user), not ${user}`);
        if (!all('EXPOSE').length) report.error(f, 'no EXPOSE of the HTTP port');
        if (!all('COPY').some(i => i.args.includes('target/quarkus-app/'))) report.error(f, 'does not copy the Quarkus fast-jar (target/quarkus-app)');
        if (!all('ENTRYPOINT').length && !all('CMD').length) report.error(f, 'no ENTRYPOINT or CMD');
    }
    report.pass();
}
process.exit(report.finish(`${files.length} Dockerfiles`));
