// META-001: GET /listClients[?xRoadInstance=XX] on the client proxy, answered locally from the
// global configuration's members and subsystems (META §2, Annex A/B, C.1). XML `clientList`
// by default; JSON when an Accept value is application/json (X-Road's acceptsJson: parameters and
// q-values ignored). A blank xRoadInstance means our own instance.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatIdentifierXml, IDENTIFIERS_NS, XROAD_NS, type ClientId } from '../../../protocol/identifiers/index.js';
import { clientId } from '../../../protocol/identifiers/index.js';
import { escapeXml } from '../../../protocol/soap/index.js';
import type { GlobalConfView } from '../components.js';
import type { Defects } from '../defects.js';

export interface ListedClient {
  id: ClientId;
  name?: string;
  subsystemName?: string;
}

/** Members of `instance` (default: ours) from the global configuration, malformed ids skipped. */
export function listedClients(globalConf: Pick<GlobalConfView, 'instance' | 'members'>, instance?: string): ListedClient[] {
  const wanted = instance && instance.trim() !== '' ? instance : globalConf.instance();
  const out: ListedClient[] = [];
  for (const m of globalConf.members()) {
    const parts = m.id.split('/');
    if (parts.length !== 3 && parts.length !== 4) continue;
    let id: ClientId;
    try {
      id = clientId(parts[0]!, parts[1]!, parts[2]!, parts[3]);
    } catch {
      continue;
    }
    if (id.xRoadInstance !== wanted) continue;
    out.push({ id, name: m.name, ...(id.objectType === 'SUBSYSTEM' && m.subsystemName !== undefined ? { subsystemName: m.subsystemName } : {}) });
  }
  return out;
}

export function clientListXml(clients: readonly ListedClient[]): string {
  const members = clients
    .map((c) => {
      const id = formatIdentifierXml(c.id, { localName: 'id', prefix: 'xroad', idPrefix: 'id', declareNamespaces: false });
      const name = c.name !== undefined ? `<xroad:name>${escapeXml(c.name)}</xroad:name>` : '';
      const sub = c.subsystemName !== undefined ? `<xroad:subsystemName>${escapeXml(c.subsystemName)}</xroad:subsystemName>` : '';
      return `<xroad:member>${id}${name}${sub}</xroad:member>`;
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<xroad:clientList xmlns:xroad="${XROAD_NS}" xmlns:id="${IDENTIFIERS_NS}">${members}</xroad:clientList>\n`
  );
}

/** META Annex B: snake_case, nulls left out (X-Road's Jackson SNAKE_CASE + NON_NULL). */
export function clientListJson(clients: readonly ListedClient[]): string {
  return JSON.stringify({
    member: clients.map((c) => ({
      id: {
        object_type: c.id.objectType,
        xroad_instance: c.id.xRoadInstance,
        member_class: c.id.memberClass,
        member_code: c.id.memberCode,
        ...(c.id.objectType === 'SUBSYSTEM' ? { subsystem_code: c.id.subsystemCode } : {}),
      },
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.subsystemName !== undefined ? { subsystem_name: c.subsystemName } : {}),
    })),
  });
}

/** True when one of the Accept values is application/json (parameters and q ignored, as X-Road). */
export function acceptsJson(accept: string | readonly string[] | undefined): boolean {
  const values = accept === undefined ? [] : typeof accept === 'string' ? [accept] : accept;
  return values.some((v) => v.split(',').some((item) => item.split(';', 1)[0]!.trim().toLowerCase() === 'application/json'));
}

/** The client proxy's LocalHandler for /listClients; `defects`: the seeded defect listclients-stale. */
export function listClientsHandler(globalConf: Pick<GlobalConfView, 'instance' | 'members'>, options: { defects?: Pick<Defects, 'has'> } = {}) {
  const firstAnswers = new Map<string, ListedClient[]>();
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const instance = url.searchParams.get('xRoadInstance') ?? undefined;
    let clients = listedClients(globalConf, instance);
    if (options.defects?.has('listclients-stale')) {
      // Seeded defect listclients-stale: the first answer per instance is kept for good, so a
      // configuration update never shows (META-001: content from the current shared params).
      const key = instance ?? '';
      clients = firstAnswers.get(key) ?? clients;
      firstAnswers.set(key, clients);
    }
    const json = acceptsJson(req.headers['accept']);
    const body = Buffer.from(json ? clientListJson(clients) : clientListXml(clients), 'utf8');
    res.writeHead(200, {
      'Content-Type': json ? 'application/json; charset=utf-8' : 'text/xml; charset=UTF-8',
      'Content-Length': String(body.length),
    });
    res.end(body);
  };
}
