// Which knobs are on, globally and per certificate serial. A certificate's status registry entry
// is its per-certificate status knob: registering a certificate as good is setting 'good' for it.
import type { X509Certificate } from 'node:crypto';
import type { IssuedCert } from '../pki/index.js';
import { knobDescriptor, STATUS_KNOBS, type KnobName, type KnobSettings } from './knobs.js';

export type KnobValues = { [K in KnobName]?: KnobSettings[K] };

/** A certificate as the responder keys it: its serial number. */
export type CertTarget = X509Certificate | IssuedCert | bigint | string;

/** Canonical serial key: lowercase hex without leading zeros. */
export function serialKey(target: CertTarget): string {
  if (typeof target === 'bigint') return target.toString(16);
  if (typeof target === 'string') return BigInt('0x' + target.replace(/^0x/i, '').replace(/[:\s]/g, '')).toString(16);
  const cert = 'cert' in target ? target.cert : target;
  return BigInt('0x' + cert.serialNumber).toString(16);
}

export class KnobState {
  readonly global: KnobValues = {};
  private readonly perCert = new Map<string, KnobValues>();

  set<K extends KnobName>(name: K, value: KnobSettings[K], target?: CertTarget): void {
    const descriptor = knobDescriptor(name);
    if (!descriptor) throw new Error(`unknown OCSP responder knob '${name}'`);
    if (target !== undefined && descriptor.scope === 'global') throw new Error(`knob '${name}' is global only`);
    const values = target === undefined ? this.global : this.valuesFor(target, true)!;
    if ((STATUS_KNOBS as readonly string[]).includes(name)) for (const s of STATUS_KNOBS) delete values[s];
    values[name] = value;
  }

  clear(name?: KnobName, target?: CertTarget): void {
    const values = target === undefined ? this.global : this.valuesFor(target, false);
    if (!values) return;
    if (name === undefined) for (const k of Object.keys(values) as KnobName[]) delete values[k];
    else delete values[name];
  }

  /** Clears every non-status knob, global and per certificate; the status registry stays. */
  resetFaults(): void {
    for (const values of [this.global, ...this.perCert.values()]) {
      for (const k of Object.keys(values) as KnobName[]) if (!(STATUS_KNOBS as readonly string[]).includes(k)) delete values[k];
    }
  }

  /** Knobs in force for one serial: the per-certificate ones over the global ones. */
  effective(serial: string): KnobValues {
    const own = this.perCert.get(serial) ?? {};
    const ownStatus = STATUS_KNOBS.some((s) => own[s] !== undefined);
    const merged: KnobValues = { ...this.global };
    if (ownStatus) for (const s of STATUS_KNOBS) delete merged[s];
    return Object.assign(merged, own);
  }

  hasOwnStatus(serial: string): boolean {
    const own = this.perCert.get(serial);
    return !!own && STATUS_KNOBS.some((s) => own[s] !== undefined);
  }

  /** Snapshot for listing: global and per-serial settings. */
  snapshot(): { global: KnobValues; perCertificate: Record<string, KnobValues> } {
    return { global: { ...this.global }, perCertificate: Object.fromEntries([...this.perCert].map(([k, v]) => [k, { ...v }])) };
  }

  private valuesFor(target: CertTarget, create: boolean): KnobValues | undefined {
    const key = serialKey(target);
    let values = this.perCert.get(key);
    if (!values && create) {
      values = {};
      this.perCert.set(key, values);
    }
    return values;
  }
}
