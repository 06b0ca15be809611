/**
 * No container runtime here, so the deployment examples are checked as data: every YAML file parses
 * (the `yaml` package, YAML 1.2), and the fields that make the example work hang together: readiness
 * on /readyz, a Service that selects the Deployment's pods on a port the container exposes, an HPA on
 * CPU aimed at that Deployment, Redis reachable under the name the servers are given.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './start-cluster.ts';

type Doc = Record<string, any>;
const dir = path.join(ROOT, 'deploy');

function load(file: string): Doc[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  for (const d of docs) assert.deepEqual(d.errors.map(String), [], `${file} parses`);
  return docs.map((d) => d.toJS() as Doc).filter(Boolean);
}

const k8sFiles = readdirSync(path.join(dir, 'k8s')).filter((f) => f.endsWith('.yaml'));
const k8s = k8sFiles.filter((f) => f !== 'kustomization.yaml').flatMap((f) => load(path.join(dir, 'k8s', f)));
const find = (kind: string, name: string) => {
  const d = k8s.find((x) => x.kind === kind && x.metadata?.name === name);
  assert.ok(d, `${kind} ${name} exists`);
  return d!;
};
const subset = (labels: Record<string, string>, of: Record<string, string>) => Object.entries(labels).every(([k, v]) => of[k] === v);

test('every manifest is a Kubernetes object, and the kustomization lists every file', () => {
  for (const d of k8s) assert.ok(typeof d.apiVersion === 'string' && typeof d.kind === 'string' && d.metadata?.name, JSON.stringify(d).slice(0, 80));
  const kz = load(path.join(dir, 'k8s/kustomization.yaml'))[0];
  assert.deepEqual([...kz.resources].sort(), k8sFiles.filter((f) => f !== 'kustomization.yaml').sort());
});

test('the OCR Deployment: readiness on /readyz, a CPU request (the HPA needs it), Redis as its cache', () => {
  const dep = find('Deployment', 'ocr');
  assert.equal(dep.apiVersion, 'apps/v1');
  assert.ok(subset(dep.spec.selector.matchLabels, dep.spec.template.metadata.labels));
  const c = dep.spec.template.spec.containers[0];
  assert.equal(c.readinessProbe.httpGet.path, '/readyz');
  assert.ok(c.ports.some((p: Doc) => p.name === c.readinessProbe.httpGet.port || p.containerPort === c.readinessProbe.httpGet.port));
  assert.ok(c.resources.requests.cpu, 'a CPU request');
  const env = Object.fromEntries(c.env.map((e: Doc) => [e.name, e.value]));
  assert.equal(env.OCR_HOST, '0.0.0.0');
  const redisSvc = find('Service', 'ocr-redis');
  assert.equal(env.OCR_CACHE, `redis://ocr-redis:${redisSvc.spec.ports[0].port}`);
  assert.ok(subset(redisSvc.spec.selector, find('Deployment', 'ocr-redis').spec.template.metadata.labels));
});

test('the Service selects the OCR pods on a port they expose; the HPA scales that Deployment on CPU', () => {
  const dep = find('Deployment', 'ocr');
  const svc = find('Service', 'ocr');
  assert.ok(subset(svc.spec.selector, dep.spec.template.metadata.labels));
  const ports = dep.spec.template.spec.containers[0].ports;
  assert.ok(ports.some((p: Doc) => p.name === svc.spec.ports[0].targetPort || p.containerPort === svc.spec.ports[0].targetPort));
  const hpa = find('HorizontalPodAutoscaler', 'ocr');
  assert.equal(hpa.apiVersion, 'autoscaling/v2');
  assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ocr' });
  assert.ok(hpa.spec.minReplicas >= 1 && hpa.spec.maxReplicas > hpa.spec.minReplicas);
  const cpu = hpa.spec.metrics.find((m: Doc) => m.type === 'Resource' && m.resource.name === 'cpu');
  assert.equal(cpu.resource.target.type, 'Utilization');
  assert.ok(cpu.resource.target.averageUtilization > 0 && cpu.resource.target.averageUtilization <= 100);
});

test('compose: redis, replicated OCR servers with readiness, haproxy with its config on loopback', () => {
  const [compose] = load(path.join(dir, 'compose.yaml'));
  const { redis, ocr, haproxy } = compose.services;
  assert.ok(redis && ocr && haproxy);
  assert.equal(ocr.environment.OCR_CACHE, 'redis://redis:6379');
  assert.ok(ocr.deploy.replicas >= 2);
  assert.ok(ocr.healthcheck.test.join(' ').includes('/readyz'));
  assert.ok(existsSync(path.join(dir, ocr.build.context, ocr.build.dockerfile)), 'the Dockerfile exists');
  const cfg = haproxy.volumes[0].split(':')[0];
  assert.ok(existsSync(path.join(dir, cfg)), `${cfg} exists`);
  assert.match(readFileSync(path.join(dir, cfg), 'utf8'), /option httpchk GET \/readyz/);
  for (const p of haproxy.ports) assert.match(p, /^127\.0\.0\.1:/);
});
