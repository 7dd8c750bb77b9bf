// Part names X-Road uses inside signatures, hash chains and ASiC containers
// (ee.ria.xroad.common.util.MessageFileNames). Hash chains and signature references name parts
// by these URIs, so they are shared by hashchain/, signature/ and asic/.

export const MESSAGE = '/message.xml';
export const SIG_HASH_CHAIN = '/sig-hashchain.xml';
export const SIG_HASH_CHAIN_RESULT = '/sig-hashchainresult.xml';
export const TS_HASH_CHAIN = '/ts-hashchain.xml';
export const TS_HASH_CHAIN_RESULT = '/ts-hashchainresult.xml';
export const SIGNATURE = '/META-INF/signatures.xml';

/** `/attachment<n>`, n from 1 (SIG-009). */
export function attachment(n: number): string {
  return `/attachment${n}`;
}

export function isAttachment(uri: string): boolean {
  return /^\/attachment\d+$/.test(uri);
}
