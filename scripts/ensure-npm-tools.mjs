// Installs the npm packages of a folder of the project (its package-lock.json) into its node_modules with `npm ci`,
// unless the installed set already matches the lock file (a stamp holds the lock's hash), so a warm build does not
// touch the network. `--prefer-offline` takes packages from npm's cache when it has them: after the first run,
// offline works. Uses Node's built-ins only: nothing is installed yet when it runs.
//   node scripts/ensure-npm-tools.mjs deploy-checks/tools
//   node scripts/ensure-npm-tools.mjs system-tests/browser
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

if (process.argv.length !== 3) {
    console.error('usage: node scripts/ensure-npm-tools.mjs <folder with package-lock.json>');
    process.exit(2);
}
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = resolve(repoRoot, process.argv[2]);
const name = `${basename(dirname(toolsDir))}/${basename(toolsDir)}`;
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
    console.error(`${name}: ${lockFile} must record registry.npmjs.org tarballs (regenerate it there with ` +
        '`npm install`, which its .npmrc configures):\n  ' + problems.join('\n  '));
    process.exit(1);
}

const hash = createHash('sha256').update(lockText).update(process.version.split('.')[0]).digest('hex');
const stamp = join(toolsDir, 'node_modules', '.ensure-npm-tools-stamp');
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
    console.log(`${name}: npm packages are installed (node_modules matches package-lock.json)`);
    process.exit(0);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
console.log(`${name}: npm ci ...`);
const started = Date.now();
const run = spawnSync(npm, ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: toolsDir, stdio: 'inherit' });
if (run.error || run.status !== 0) {
    console.error(`${name}: npm ci failed (${run.error?.message ?? 'exit ' + run.status}); Node ${process.version}`);
    process.exit(1);
}
writeFileSync(stamp, hash);
console.log(`${name}: npm packages installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
