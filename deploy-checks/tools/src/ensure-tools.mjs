// Installs the npm tools of deploy-checks (package-lock.json) into tools/node_modules with `npm ci`, unless the
// installed set already matches the lock file (a stamp holds the lock's hash), so a warm build does not touch the
// network. `--prefer-offline` takes packages from npm's cache when it has them: after the first run, offline works.
// Uses Node's built-ins only: nothing is installed yet when it runs.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const toolsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const lockFile = join(toolsDir, 'package-lock.json');
const lockText = readFileSync(lockFile, 'utf8');

// The lock must name the public npm registry's tarballs, with their integrity, for every package: CI installs from
// a fresh clone, and a user-level npmrc with omit-lockfile-registry-resolved would otherwise leave them out.
const lock = JSON.parse(lockText);
const problems = [];
for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (path === '' || entry.link) continue;
    if (!entry.resolved?.startsWith('https://registry.npmjs.org/')) problems.push(`${path}: resolved is ${entry.resolved ?? 'missing'}`);
    if (!entry.integrity) problems.push(`${path}: no integrity`);
}
if (problems.length) {
    console.error(`deploy-checks: ${lockFile} must record registry.npmjs.org tarballs (regenerate it in tools/ with ` +
        '`npm install`, which tools/.npmrc configures):\n  ' + problems.join('\n  '));
    process.exit(1);
}

const hash = createHash('sha256').update(lockText).update(process.version.split('.')[0]).digest('hex');
const stamp = join(toolsDir, 'node_modules', '.deploy-checks-stamp');
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
    console.log('deploy-checks: npm tools are installed (tools/node_modules matches package-lock.json)');
    process.exit(0);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
console.log('deploy-checks: npm ci in tools/ ...');
const started = Date.now();
const run = spawnSync(npm, ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: toolsDir, stdio: 'inherit' });
if (run.error || run.status !== 0) {
    console.error(`deploy-checks: npm ci failed (${run.error?.message ?? 'exit ' + run.status}); Node ${process.version}`);
    process.exit(1);
}
writeFileSync(stamp, hash);
console.log(`deploy-checks: npm tools installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
