// Test support: xmllint as the independent schema checker for the files we generate.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vectorPath } from '../test-support/vectors.js';

export function schemaPath(kind: 'shared' | 'private' | 'anchor' | 'monitoring' | 'nextupdate' | 'fetchinterval', version = 6): string {
  switch (kind) {
    case 'shared':
      return vectorPath('schemas', 'globalconf', `v${version}`, 'shared-parameters.xsd');
    case 'private':
      return vectorPath('schemas', 'globalconf', version === 2 ? 'v2' : 'v3', 'private-parameters.xsd');
    case 'anchor':
      // The global configurationAnchor element is declared in the v2 private-parameters schema.
      return vectorPath('schemas', 'globalconf', 'v2', 'private-parameters.xsd');
    case 'monitoring':
      return vectorPath('schemas', 'monitoring-conf.xsd');
    case 'nextupdate':
      return vectorPath('schemas', 'ocsp-nextupdate-conf.xsd');
    case 'fetchinterval':
      return vectorPath('schemas', 'ocsp-fetchinterval-conf.xsd');
  }
}

/** Runs `xmllint --noout --schema`; ok is true only when xmllint says the document validates. */
export function xmllintValidate(xml: string | Buffer, schema: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gconf-xmllint-'));
  try {
    const file = join(dir, 'doc.xml');
    writeFileSync(file, xml);
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schema, file], { encoding: 'utf8', timeout: 20_000 });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    return { ok: r.status === 0 && output.includes('validates'), output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
