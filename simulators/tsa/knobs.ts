// The TSA's fault knobs: a declared, listed interface (STYLE.md). Each has a name, a description
// and a test in tsa-server.test.ts showing it produces the artifact it names, checked by our
// verifier and by OpenSSL. Knobs switch at run time and are global (a TSA serves everyone alike).
import type { PkiFailureInfo } from '../../protocol/timestamp/index.js';

export interface RejectionSetting {
  /** PKIFailureInfo bit to set (default systemFailure). */
  failInfo?: PkiFailureInfo;
  statusString?: string;
}

/** Value each knob takes when switched on. */
export interface TsaKnobSettings {
  granted: true;
  grantedWithMods: true;
  rejection: RejectionSetting;
  wrongImprint: true;
  badSignature: true;
  unknownSigner: true;
  httpError: { status: number };
  slow: { delayMs: number };
  down: true;
}

export type TsaKnobName = keyof TsaKnobSettings;

export interface TsaKnobDescriptor {
  name: TsaKnobName;
  description: string;
  /** Example value, as a CLI would take it. */
  example: TsaKnobSettings[TsaKnobName];
  /** Requirement IDs this knob exists to exercise. */
  requirements: string[];
}

/** Status knobs are one setting: switching one on replaces the others. granted is the default. */
export const TSA_STATUS_KNOBS = ['granted', 'grantedWithMods', 'rejection'] as const satisfies readonly TsaKnobName[];

export const TSA_KNOBS: readonly TsaKnobDescriptor[] = [
  { name: 'granted', description: 'PKIStatus granted(0) with a valid token (the default)', example: true, requirements: ['TSA-001', 'TSA-002'] },
  { name: 'grantedWithMods', description: 'PKIStatus grantedWithMods(1) with a valid token (X-Road accepts it)', example: true, requirements: ['TSA-002'] },
  {
    name: 'rejection',
    description: 'PKIStatus rejection(2) with the given failInfo (default systemFailure) and no token',
    example: { failInfo: 'systemFailure', statusString: 'simulated rejection' },
    requirements: ['TSA-002', 'TSA-005'],
  },
  { name: 'wrongImprint', description: "granted, validly signed token whose imprint is not the request's (first digest byte flipped)", example: true, requirements: ['TSA-002'] },
  { name: 'badSignature', description: 'granted token whose SignerInfo signature has one bit flipped', example: true, requirements: ['TSA-002'] },
  {
    name: 'unknownSigner',
    description: 'granted token signed by a TSA certificate from the same root that is not the approved TSA (embedded when certReq)',
    example: true,
    requirements: ['TSA-002'],
  },
  { name: 'httpError', description: 'answer with this HTTP status (e.g. 500) and no TimeStampResp', example: { status: 500 }, requirements: ['TSA-002', 'TSA-005'] },
  { name: 'slow', description: 'wait this many milliseconds before answering', example: { delayMs: 2000 }, requirements: ['TSA-005'] },
  { name: 'down', description: 'close the listener (connection refused); clearing it listens again on the same port', example: true, requirements: ['TSA-005'] },
];

export function tsaKnobDescriptor(name: string): TsaKnobDescriptor | undefined {
  return TSA_KNOBS.find((k) => k.name === name);
}

export type TsaKnobValues = { [K in TsaKnobName]?: TsaKnobSettings[K] };

export class TsaKnobState {
  private values: TsaKnobValues = {};

  set<K extends TsaKnobName>(name: K, value: TsaKnobSettings[K]): void {
    if (!tsaKnobDescriptor(name)) throw new Error(`unknown TSA knob '${name}'`);
    if ((TSA_STATUS_KNOBS as readonly string[]).includes(name)) for (const s of TSA_STATUS_KNOBS) delete this.values[s];
    // granted is the baseline: it is never stored, so the state lists only departures from it.
    if (name !== 'granted') this.values[name] = value;
  }

  clear(name?: TsaKnobName): void {
    if (name === undefined) this.values = {};
    else delete this.values[name];
  }

  get<K extends TsaKnobName>(name: K): TsaKnobSettings[K] | undefined {
    return this.values[name] as TsaKnobSettings[K] | undefined;
  }

  snapshot(): TsaKnobValues {
    return { ...this.values };
  }
}
