// Everything deploy-checks validates in `./mvnw verify`, in one run: the Kustomize overlays (rendered to
// target/rendered/<overlay>.yaml and validated with --platform), docker-compose.yml with its overrides, every
// Dockerfile and the Grafana dashboards in deploy/grafana. Runs the validators as separate processes, as CI and a developer would, and fails if any fails.
//
//   node all.mjs [--root DIR]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILD_DIR, ROOT, findFiles, parseArgs, services } from './lib.mjs';

const { options } = parseArgs(process.argv.slice(2));
const root = resolve(options.root?.[0] ?? ROOT);
const here = new URL('.', import.meta.url).pathname;
const rendered = join(BUILD_DIR, 'rendered');
mkdirSync(rendered, { recursive: true });

const overlaysDir = join(root, 'deploy/overlays');
const overlays = existsSync(overlaysDir)
    ? readdirSync(overlaysDir).map(d => join(overlaysDir, d)).filter(d => existsSync(join(d, 'kustomization.yaml')))
    : [];
const composeOverrides = findFiles(join(root, 'deploy/compose'), /\.ya?ml$/);
const serviceDockerfiles = services(root).map(s => s.dockerfile);
const otherDockerfiles = findFiles(join(root, 'deploy'), /^Dockerfile/);

const steps = [
    ['Kubernetes manifests', 'k8s.mjs', ['--platform', '--output', rendered, ...overlays.flatMap(o => ['--kustomize', o])]],
    ['docker-compose.yml', 'compose.mjs', ['--platform', join(root, 'docker-compose.yml'), ...composeOverrides.flatMap(f => ['--override', f])]],
    ['Dockerfiles', 'dockerfiles.mjs', [...serviceDockerfiles.flatMap(f => ['--service', f]), ...otherDockerfiles]],
    ['Grafana dashboards', 'dashboards.mjs', findFiles(join(root, 'deploy/grafana'), /\.json$/)],
];

let failed = 0;
for (const [what, script, args] of steps) {
    const started = Date.now();
    const run = spawnSync(process.execPath, [join(here, script), '--root', root, ...args], { stdio: 'inherit', cwd: root });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (run.status !== 0) {
        failed++;
        console.error(`deploy-checks: ${what} FAILED (${seconds} s)`);
    } else {
        console.log(`deploy-checks: ${what} OK (${seconds} s)`);
    }
}
process.exit(failed ? 1 : 0);
