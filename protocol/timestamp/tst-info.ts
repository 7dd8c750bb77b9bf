// TSTInfo (RFC 3161 §2.4.2), the signed content of a time-stamp token. genTime is what X-Road
// uses as the verification time of an ASiC container (CATALOG §1).
import type { AsnType } from 'asn1js';
import { Asn1StructureError, encoding, isContext, isUniversal, Tag } from '../asn1/der-reader.js';
import { asn1 } from './asn1.js';
import { readMessageImprint, type MessageImprint } from './message-imprint.js';
import { formatX500Name, readX500Name } from './x500-name.js';

export interface Accuracy {
  seconds?: number;
  millis?: number;
  micros?: number;
}

export interface TstInfo {
  version: number;
  policy: string;
  messageImprint: MessageImprint;
  serialNumber: bigint;
  genTime: Date;
  accuracy?: Accuracy;
  ordering: boolean;
  nonce?: bigint;
  /** The `tsa` GeneralName as text (`DirName:O=Test, CN=Test TSA`, `URI:...`), if present. */
  tsa?: string;
  hasExtensions: boolean;
  /** The TSTInfo encoding as signed (the token's eContent). */
  der: Buffer;
}

export function parseTstInfo(der: Uint8Array): TstInfo {
  const root = asn1.decode(der, 'TSTInfo');
  const f = asn1.sequence(root, 'TSTInfo');
  if (f.length < 5) throw new Asn1StructureError(`TSTInfo: expected at least 5 fields, found ${f.length}`);
  const version = Number(asn1.integer(f[0], 'TSTInfo.version'));
  if (version !== 1) throw new Asn1StructureError(`TSTInfo.version must be 1, found ${version}`);
  if (!isUniversal(f[4], Tag.generalizedTime)) throw new Asn1StructureError('TSTInfo.genTime: expected GeneralizedTime');
  const info: TstInfo = {
    version,
    policy: asn1.oid(f[1], 'TSTInfo.policy'),
    messageImprint: readMessageImprint(f[2], 'TSTInfo.messageImprint'),
    serialNumber: asn1.integer(f[3], 'TSTInfo.serialNumber'),
    genTime: asn1.time(f[4], 'TSTInfo.genTime'),
    ordering: false,
    hasExtensions: false,
    der: encoding(root),
  };
  let i = 5;
  if (isUniversal(f[i], Tag.sequence)) info.accuracy = readAccuracy(f[i++]!);
  if (isUniversal(f[i], Tag.boolean)) info.ordering = (f[i++] as unknown as { getValue(): boolean }).getValue();
  if (isUniversal(f[i], Tag.integer)) info.nonce = asn1.integer(f[i++], 'TSTInfo.nonce');
  if (isContext(f[i], 0)) info.tsa = readGeneralName(asn1.children(f[i++]!, 'TSTInfo.tsa')[0]);
  if (isContext(f[i], 1)) {
    info.hasExtensions = true;
    i++;
  }
  if (i !== f.length) throw new Asn1StructureError(`TSTInfo: unexpected field ${i + 1}`);
  return info;
}

function readAccuracy(block: AsnType): Accuracy {
  const acc: Accuracy = {};
  for (const part of asn1.children(block, 'TSTInfo.accuracy')) {
    if (isUniversal(part, Tag.integer)) acc.seconds = Number(asn1.integer(part, 'accuracy.seconds'));
    else if (isContext(part, 0)) acc.millis = implicitInt(part);
    else if (isContext(part, 1)) acc.micros = implicitInt(part);
    else throw new Asn1StructureError('TSTInfo.accuracy: unexpected field');
  }
  return acc;
}

function implicitInt(block: AsnType): number {
  const bytes = (block.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView;
  return bytes.reduce((n, b) => n * 256 + b, 0);
}

function readGeneralName(block: AsnType | undefined): string {
  if (!block) throw new Asn1StructureError('TSTInfo.tsa: empty');
  if (isContext(block, 4)) return 'DirName:' + formatX500Name(readX500Name(asn1.children(block, 'tsa')[0], 'TSTInfo.tsa'));
  if (isContext(block, 6) && !block.idBlock.isConstructed) {
    return 'URI:' + Buffer.from((block.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView).toString('latin1');
  }
  return `[${block.idBlock.tagNumber}]:` + encoding(block).toString('hex');
}
