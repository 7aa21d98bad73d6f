import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { scanFile } from '../../../src/scan/scan-file.js';
import type { ScanResult } from '../../../src/scan/types.js';
import { expectConsistentOffsets } from './expect-pins.js';
import { DIGEST } from './fixtures.js';

const { a: A, b: B, c: C, d: D, e: E } = DIGEST;

/** Scans a fixture from test/fixtures/crd under a manifest-like name, checking every offset. */
function scanCrd(name: string): { text: string; result: ScanResult } {
  const text = readFileSync(new URL(`../../fixtures/crd/${name}`, import.meta.url), 'utf8');
  const result = scanFile(`deploy/${name}`, text);
  expectConsistentOffsets(text, result);
  expect(result.problems).toEqual([]);
  return { text, result };
}

const found = (result: ScanResult): Array<[number, string]> =>
  result.references.map((reference) => [reference.line, reference.image.original]);
const skipped = (result: ScanResult): Array<[number, string, string]> => result.skipped.map((skip) => [skip.line, skip.reason, skip.text]);

describe('pod specs embedded in custom resources pinbot knows (issue 11)', () => {
  it('Knative Service: the revision template’s containers, pinned or not', () => {
    const { result } = scanCrd('knative-service.yaml');
    expect(found(result)).toEqual([[20, `ghcr.io/knative/helloworld-go:v1.15@${A}`]]);
    expect(skipped(result)).toEqual([[30, 'no-digest', 'otel/opentelemetry-collector-contrib:0.108.0']]);
    expect(result.references.every((reference) => reference.kind === 'kubernetes')).toBe(true);
  });

  it('Tekton Task and Pipeline: stepTemplate, steps, sidecars and embedded taskSpecs; never a script’s text', () => {
    const { result } = scanCrd('tekton-pipeline.yaml');
    expect(found(result)).toEqual([
      [10, `cgr.dev/chainguard/busybox:latest@${B}`],
      [16, `golangci/golangci-lint:v1.61.0@${C}`],
      [26, `registry:2.8.3@${D}`],
      [42, `docker.io/library/golang:1.23@${E}`],
    ]);
    expect(skipped(result)).toEqual([
      [22, 'no-digest', 'gcr.io/kaniko-project/executor:v1.23.2-debug'],
      [49, 'variable', '$(params.notifier-image)'],
    ]);
  });

  it('Argo Workflow templates (container, script, sidecars) and a Rollout’s pod template', () => {
    const { result } = scanCrd('argo.yaml');
    expect(found(result)).toEqual([
      [14, `golang:1.23-alpine@${A}`],
      [18, `docker:27.3-dind@${B}`],
      [21, `python:3.12-slim@${C}`],
      [47, `ghcr.io/acme/storefront:3.2.0@${D}`],
    ]);
    expect(result.skipped).toEqual([]);
  });

  it('Flux HelmRelease values: an image block and a pod template inside the values', () => {
    const { text, result } = scanCrd('flux-helmrelease.yaml');
    expect(found(result)).toEqual([
      [19, `ghcr.io/stefanprodan/podinfo:6.7.0@${A}`],
      [29, `curlimages/curl:8.10.1@${B}`],
    ]);
    // The block's tag carries its digest: the tag's span is the tag alone, the digest's the digest.
    const block = result.references[0]!;
    expect(text.slice(block.tagSpan!.start, block.tagSpan!.end)).toBe('6.7.0');
    expect(block.tagSpan!.line).toBe(19);
    expect(result.skipped).toEqual([]);
  });
});

describe('custom resources pinbot has no schema for (issue 11’s rule)', () => {
  it('reports a full pin in an `image` field or under a containers/steps list, and nothing else', () => {
    const { result } = scanCrd('unknown-kinds.yaml');
    expect(found(result)).toEqual([
      [7, `quay.io/prometheus/prometheus:v2.54.1@${A}`],
      [15, `quay.io/prometheus-operator/prometheus-config-reloader:v0.76.0@${B}`],
      [26, `ghcr.io/acme/builder:2.0@${D}`],
    ]);
    // `baseImage` outside such a list, `notes`, a tag alone and text in a `run` are not guessed at.
    expect(result.skipped).toEqual([]);
  });
});
